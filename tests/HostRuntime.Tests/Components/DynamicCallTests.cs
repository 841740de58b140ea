using System.Text;
using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;
using static WitSharp.HostRuntime.Tests.Components.ValuesWorld;
using V = WitSharp.HostRuntime.Components.ComponentValue;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// The dynamic call path (<see cref="ComponentInstance.GetDynamicFunction"/>, <see cref="ComponentFunction.Invoke"/>)
/// against the corpus guests: every kind of value is lowered and lifted by the function's type at run time, and the
/// results are compared with what the generated bindings return for the same calls on another instance.
/// </summary>
public sealed class DynamicCallTests
{
    private static readonly Engine Engine = new();
    private static readonly Component Values = Component.FromBytes(Engine, TestFiles.Corpus("values.component.wasm"));
    private static readonly Component Hostile = Component.FromBytes(Engine, TestFiles.Corpus("hostile.component.wasm"));

    private readonly ComponentInstance dynamic;
    private readonly Exports typed;

    public DynamicCallTests()
    {
        var linker = new ComponentLinker(Engine);
        RegisterImports(linker, new Host());
        dynamic = linker.Instantiate(new Store(Engine), Values);
        typed = new Exports(linker.Instantiate(new Store(Engine), Values));
    }

    [Fact]
    public void FunctionTypes_AreDescribedInWit()
    {
        Assert.Equal("func(a: u32, b: u32) -> u32", Call("add").Type.ToString());
        Assert.Equal(
            "func(x: option<option<u32>>) -> result<option<string>, u8>", Call("classify").Type.ToString());
        Assert.Equal("func(s: variant { circle(f64), rect(record { x: s32, y: s32, label: string }), nothing }) -> string", Call("describe").Type.ToString());
        Assert.Equal("func(c: enum { red, green, blue }) -> enum { red, green, blue }", Call("next-color").Type.ToString());
        var spill = Call("spill").Type;
        Assert.Equal(16, spill.Parameters.Count);
        Assert.Equal(["a", "b", "c"], spill.Parameters.Take(3).Select(p => p.Name));
        Assert.Equal(ComponentValueKind.Char, spill.Parameters[10].Type.Kind);
        Assert.Contains((null, "relay-classify"), dynamic.ExportedFunctions);
    }

    [Fact]
    public void Scalars_MatchTheBindings()
    {
        Assert.Equal(V.U32(typed.Add(2, 3)), Call("add").Invoke(V.U32(2), V.U32(3)));
        Assert.Equal(V.U32(1), Call("add").Invoke(V.U32(uint.MaxValue), V.U32(2)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("žluťoučký kůň 🐴 日本語")]
    public void Strings_RoundTrip(string text) => Assert.Equal(V.String(typed.Echo(text)), Call("echo").Invoke(V.String(text)));

    [Fact]
    public void ListsOfScalarsAndOfRecords_MatchTheBindings()
    {
        var large = Enumerable.Range(0, 10_000).Select(i => (uint)i * 3).ToArray();
        Assert.Equal(V.List(typed.Reverse(large).Select(V.U32)), Call("reverse").Invoke(V.List(large.Select(V.U32))));
        Assert.Equal(V.List(), Call("reverse").Invoke(V.List()));

        Point[] points = [new(1, -2, "á"), new(0, 10, "🐴"), new(-1, 0, "")];
        var scaled = Call("scale").Invoke(V.List(points.Select(ToValue)), V.S32(3));
        Assert.Equal(V.List(typed.Scale(points, 3).Select(ToValue)), scaled);
        Assert.Equal("(record.const (field \"x\" (s32.const 3)) (field \"y\" (s32.const -6)) (field \"label\" (str.const \"á*\")))", scaled!.Items[0].ToString());
    }

    [Fact]
    public void Variants_EveryCase()
    {
        var describe = Call("describe");
        Assert.Equal(V.String(typed.Describe(new Shape.Circle(1.5))), describe.Invoke(V.Variant("circle", V.F64(1.5))));
        Assert.Equal(V.String(typed.Describe(new Shape.Rect(new Point(3, -4, "ßtraße")))), describe.Invoke(V.Variant("rect", ToValue(new Point(3, -4, "ßtraße")))));
        Assert.Equal(V.String("nothing"), describe.Invoke(V.Variant("nothing")));
    }

    [Fact]
    public void EnumsAndFlags()
    {
        Assert.Equal(V.Enum("green"), Call("next-color").Invoke(V.Enum("red")));
        Assert.Equal(V.Enum("red"), Call("next-color").Invoke(V.Enum("blue")));
        var allButEnds = Enumerable.Range(1, 30).Select(i => $"bit{i}");
        Assert.Equal(V.Flags(allButEnds.Reverse()), Call("invert").Invoke(V.Flags("bit0", "bit31")));
        Assert.Equal(V.Flags("bit31", "bit0"), Call("invert").Invoke(V.Flags(allButEnds)));
    }

    [Fact]
    public void NestedOptionsAndResults()
    {
        var classify = Call("classify");
        Assert.Equal(V.Ok(V.None), classify.Invoke(V.None));
        Assert.Equal(V.Err(V.U8(typed.Classify(Option<uint?>.Some(null)).Error)), classify.Invoke(V.Some(V.None)));
        Assert.Equal(V.Ok(V.Some(V.String("v=4294967295"))), classify.Invoke(V.Some(V.Some(V.U32(uint.MaxValue)))));
        Assert.Equal("(result.ok (option.some (str.const \"v=4294967295\")))", classify.Invoke(V.Some(V.Some(V.U32(uint.MaxValue))))!.ToString());
    }

    [Fact]
    public void SeventeenFlatParameters_SpillToMemory()
    {
        var text = Call("spill").Invoke(
            V.U8(200), V.S8(-5), V.U16(65535), V.S16(-32768), V.U32(4_000_000_000), V.S32(-7), V.U64(ulong.MaxValue), V.S64(long.MinValue),
            V.F32(1.5f), V.F64(-2.25), V.Char(new Rune(0x1F434)), V.Bool(true), V.String("žluť"), V.U32(1), V.U32(2), V.U32(3));
        var expected = typed.Spill(200, -5, 65535, -32768, 4_000_000_000, -7, ulong.MaxValue, long.MinValue, 1.5f, -2.25, new Rune(0x1F434), true, "žluť", 1, 2, 3);
        Assert.Equal(V.String(expected), text);
    }

    [Fact]
    public void GuestCallingTheHost_InsideADynamicCall()
    {
        Assert.Equal(V.S64(typed.SumHostPoints(1000)), Call("sum-host-points").Invoke(V.U32(1000)));
        Assert.Equal(V.String("ok:8 Rect { Value = Point { X = 1, Y = 2, Label = ü } }"), Call("relay-classify").Invoke(V.Some(V.Some(V.U32(8))), V.Variant("rect", ToValue(new Point(1, 2, "ü")))));
    }

    [Fact]
    public void RandomValues_MatchTheBindings()
    {
        var random = new Random(20261123);
        for (var round = 0; round < 100; round++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 30)).SelectMany(_ => new Rune(random.Next(2) == 0 ? random.Next(0x20, 0xD800) : random.Next(0x10000, 0x110000)).ToString()).ToArray());
            Assert.Equal(V.String(typed.RelayEcho(text)), Call("relay-echo").Invoke(V.String(text)));

            var points = Enumerable.Range(0, random.Next(0, 6)).Select(_ => new Point(random.Next(-1000, 1000), random.Next(-1000, 1000), text)).ToArray();
            var factor = random.Next(-5, 6);
            Assert.Equal(V.List(typed.Scale(points, factor).Select(ToValue)), Call("scale").Invoke(V.List(points.Select(ToValue)), V.S32(factor)));

            var bits = (uint)random.NextInt64(0, 1L << 32);
            var inverted = (uint)typed.Invert((Wide)bits);
            Assert.Equal(V.Flags(Enumerable.Range(0, 32).Where(i => (inverted & (1u << i)) != 0).Select(i => $"bit{i}")),
                Call("invert").Invoke(V.Flags(Enumerable.Range(0, 32).Where(i => (bits & (1u << i)) != 0).Select(i => $"bit{i}"))));
        }
    }

    [Fact]
    public void ArgumentErrors_NameTheParameter_AndDoNotPoison()
    {
        var add = Call("add");
        Assert.Contains("takes 2 argument(s)", Assert.Throws<ArgumentException>(() => add.Invoke(V.U32(1))).Message);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => add.Invoke(V.U32(1), V.S32(2))).ParamName);
        var scale = Call("scale");
        var wrongField = Assert.Throws<ArgumentException>(() => scale.Invoke(V.List(V.Record(new("x", V.S32(1)), new("y", V.S32(2)), new("label", V.U32(3)))), V.S32(1)));
        Assert.Equal("points", wrongField.ParamName);
        Assert.Contains("points[0].label must be a string", wrongField.Message);
        Assert.Contains("has no case square", Assert.Throws<ArgumentException>(() => Call("describe").Invoke(V.Variant("square"))).Message);
        Assert.Contains("lacks the payload", Assert.Throws<ArgumentException>(() => Call("describe").Invoke(V.Variant("circle"))).Message);
        Assert.Contains("has no flag bit32", Assert.Throws<ArgumentException>(() => Call("invert").Invoke(V.Flags("bit32"))).Message);
        Assert.Contains("unpaired UTF-16 surrogate at index 1", Assert.Throws<ArgumentException>(() => Call("echo").Invoke(V.String("a\uD800"))).Message);

        Assert.Null(dynamic.Trap);
        Assert.Equal(V.U32(3), add.Invoke(V.U32(1), V.U32(2)));
    }

    [Fact]
    public void UnknownFunction_ListsTheExports()
    {
        var missing = Assert.Throws<KeyNotFoundException>(() => dynamic.GetDynamicFunction(null, "nope"));
        Assert.Contains("relay-echo", missing.Message);
    }

    [Theory]
    [InlineData("bad-option", "discriminant 2 is out of range for option<u32> (2 cases)")]
    [InlineData("bad-char", "char value 0xd800 is not a Unicode scalar value")]
    [InlineData("bad-list", "is not aligned to 8 bytes")]
    public void ContractViolations_Trap_AndPoisonTheInstance(string function, string expected)
    {
        var victim = HostileInstance();
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => victim.GetDynamicFunction(null, function).Invoke());

        Assert.Contains(expected, trap.Message);
        Assert.Same(trap, victim.Trap);
        var refused = Assert.Throws<CanonicalAbiTrapException>(() => victim.GetDynamicFunction(null, "bad-string").Invoke(V.U32(0)));
        Assert.Same(trap, refused.InnerException);
        Assert.Equal(V.String("fine"), HostileInstance().GetDynamicFunction(null, "bad-string").Invoke(V.U32(0)));
    }

    [Theory]
    [InlineData(1u, "is out of bounds of guest memory")]
    [InlineData(3u, "is not valid UTF-8 at byte offset 2")]
    public void BadStringResults_Trap(uint mode, string expected) =>
        Assert.Contains(expected, Assert.Throws<CanonicalAbiTrapException>(() => HostileInstance().GetDynamicFunction(null, "bad-string").Invoke(V.U32(mode))).Message);

    [Fact]
    public void AliasedStringsFarBeyondTheMemory_Trap_WhileAFewLift()
    {
        var aliased = HostileInstance().GetDynamicFunction(null, "aliased-strings");

        Assert.Contains("the component points many strings or lists at the same memory",
            Assert.Throws<CanonicalAbiTrapException>(() => aliased.Invoke(V.U32(4_000), V.U32(1 << 20))).Message);
        Assert.Equal(V.List([V.String("aaa"), V.String("aaa")]), HostileInstance().GetDynamicFunction(null, "aliased-strings").Invoke(V.U32(2), V.U32(3)));
    }

    [Fact]
    public void BoolTwo_LiftsAsTrue_AndAGuestTrapIsATrapException()
    {
        var victim = HostileInstance();
        Assert.Equal(V.Bool(true), victim.GetDynamicFunction(null, "bad-bool").Invoke());
        Assert.Equal(TrapKind.Unreachable, Assert.Throws<TrapException>(() => victim.GetDynamicFunction(null, "crash").Invoke()).Kind);
        Assert.NotNull(victim.Trap);
    }

    [Fact]
    public void ImportCalledFromPostReturn_Traps()
    {
        var victim = HostileInstance();

        var trap = Assert.Throws<TrapException>(() => victim.GetDynamicFunction(null, "log-in-post-return").Invoke());

        Assert.Contains("(may_leave)", Assert.IsType<CanonicalAbiTrapException>(trap.InnerException).Message);
        Assert.NotNull(victim.Trap);
    }

    [Fact]
    public void BadReallocResult_WhileLoweringAList_Traps()
    {
        var victim = HostileInstance();
        victim.GetDynamicFunction(null, "set-realloc-mode").Invoke(V.U32(1));
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => victim.GetDynamicFunction(null, "sum").Invoke(V.List(V.U32(1), V.U32(2))));
        Assert.Contains("cabi_realloc result (ptr=0xfffffff0, len=8) is out of bounds of guest memory", trap.Message);
    }

    [Fact]
    public void Values_CompareByValue_AndPrintAsWast()
    {
        Assert.Equal(V.F32(float.NaN), V.F32(BitConverter.Int32BitsToSingle(0x7FC0_0001)));
        Assert.NotEqual(V.F64(0.0), V.F64(-0.0));
        Assert.Equal(V.Flags("a", "b"), V.Flags("b", "a"));
        Assert.Equal(V.Flags("a", "b").GetHashCode(), V.Flags("b", "a").GetHashCode());
        Assert.NotEqual(V.U32(1), V.S32(1));
        Assert.NotEqual(V.Ok(), V.Err());
        Assert.Equal(V.Record(KeyValuePair.Create("a", V.List(V.U8(1)))), V.Record(KeyValuePair.Create("a", V.List(V.U8(1)))));
        Assert.Equal("(tuple.const (char.const \"🐴\") (f64.const nan) (s8.const -1) (str.const \"q\\\"\\u{a}\") (flags.const \"x\") (enum.const \"e\") (own 3))",
            V.Tuple(V.Char(new Rune(0x1F434)), V.F64(double.NaN), V.S8(-1), V.String("q\"\n"), V.Flags("x"), V.Enum("e"), V.Own(3)).ToString());
        Assert.Throws<InvalidOperationException>(() => V.U8(1).AsS8());
        Assert.Throws<ArgumentException>(() => V.Flags("a", "a"));
    }

    private ComponentFunction Call(string name) => dynamic.GetDynamicFunction(null, name);

    private static V ToValue(Point point) => V.Record(new("x", V.S32(point.X)), new("y", V.S32(point.Y)), new("label", V.String(point.Label)));

    private static ComponentInstance HostileInstance()
    {
        var linker = new ComponentLinker(Engine);
        HostileWorld.RegisterImports(linker, new HostileLog());
        return linker.Instantiate(new Store(Engine), Hostile);
    }

    private sealed class HostileLog : HostileWorld.IImports
    {
        public void Log(string message)
        {
        }

        public void TakeStrings(IReadOnlyList<string> values)
        {
        }
    }

    private sealed class Host : IImports
    {
        public string HostEcho(string s) => "host:" + s;

        public IReadOnlyList<Point> HostPoints(uint n) =>
            Enumerable.Range(0, (int)n).Select(i => new Point(i, 2 * i, new string('x', i % 5))).ToArray();

        public Result<string?, byte> HostClassify(Option<uint?> x, Shape s) =>
            !x.HasValue ? Result<string?, byte>.Ok(null)
            : x.Value is not { } value ? Result<string?, byte>.Err(s is Shape.Circle ? (byte)1 : (byte)2)
            : Result<string?, byte>.Ok($"{value} {s}");
    }
}
