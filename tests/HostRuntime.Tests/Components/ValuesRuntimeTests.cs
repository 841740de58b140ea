using System.Text;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;
using static WitSharp.HostRuntime.Tests.Components.ValuesWorld;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// Corpus/values (a C guest with hand-written Canonical ABI glue) driven through the bindings generated from
/// Corpus/values.wit: every kind of WIT value crosses the boundary as parameters and results, host to guest and
/// guest to host, including spilled parameter lists, and a seeded random corpus round-trips unchanged.
/// </summary>
public sealed class ValuesRuntimeTests
{
    private static readonly Engine Engine = new();
    private static readonly Component Values = Component.FromBytes(Engine, TestFiles.Corpus("values.component.wasm"));

    private readonly Host host = new();
    private readonly Exports guest;

    public ValuesRuntimeTests()
    {
        var linker = new ComponentLinker(Engine);
        RegisterImports(linker, host);
        guest = new Exports(linker.Instantiate(new Store(Engine), Values));
    }

    [Fact]
    public void Add_WrapsLikeU32()
    {
        Assert.Equal(5u, guest.Add(2, 3));
        Assert.Equal(1u, guest.Add(uint.MaxValue, 2));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("žluťoučký kůň 🐴 日本語")]
    public void Strings_RoundTrip(string text) => Assert.Equal(text, guest.Echo(text));

    [Fact]
    public void NullHostString_IsAnArgumentNullExceptionThatLeavesTheInstanceUsable()
    {
        Assert.Throws<ArgumentNullException>(() => guest.Echo(null!));
        Assert.Equal("é", guest.Echo("é"));
    }

    [Fact]
    public void NullHostListOrRecord_IsAnArgumentNullExceptionNamingTheWitType()
    {
        var list = Assert.Throws<ArgumentNullException>(() => guest.Scale(null!, 2));
        var element = Assert.Throws<ArgumentNullException>(() => guest.Scale([new Point(1, 2, "a"), null!], 2));

        Assert.StartsWith("a list<point> value cannot be null", list.Message, StringComparison.Ordinal);
        Assert.StartsWith("a point value cannot be null", element.Message, StringComparison.Ordinal);
        Assert.Equal(new Point(2, 4, "a*"), guest.Scale([new Point(1, 2, "a")], 2).Single());
    }

    [Fact]
    public void HostStringOverTheByteLimit_IsAHostErrorThatLeavesTheInstanceUsable()
    {
        // 2^27 two-byte characters take 2^28 bytes in UTF-8, one more than MAX_STRING_BYTE_LENGTH.
        var error = Assert.Throws<ArgumentException>(() => guest.Echo(new string('é', 1 << 27)));

        Assert.Equal("the string takes 268435456 bytes in UTF-8, more than the Canonical ABI's limit of 268435455 bytes (Parameter 'value')", error.Message);
        Assert.Equal("é", guest.Echo("é"));
    }

    [Fact]
    public void LargeString_RoundTrips()
    {
        var text = string.Concat(Enumerable.Repeat("ab€🐴", 50_000));
        Assert.Equal(text, guest.Echo(text));
    }

    [Fact]
    public void Lists_EmptySingleAndLarge()
    {
        Assert.Empty(guest.Reverse([]));
        Assert.Equal([9u], guest.Reverse([9]));
        var large = Enumerable.Range(0, 100_000).Select(i => (uint)i * 3).ToArray();
        Assert.Equal(large.Reverse(), guest.Reverse(large));
    }

    [Fact]
    public void ListOfRecords_WithStrings()
    {
        Assert.Empty(guest.Scale([], 3));
        Assert.Equal(
            [new Point(3, -6, "á*"), new Point(0, 30, "🐴*"), new Point(-3, 0, "*")],
            guest.Scale([new Point(1, -2, "á"), new Point(0, 10, "🐴"), new Point(-1, 0, "")], 3));
    }

    [Fact]
    public void Variants_EveryCase()
    {
        Assert.Equal("circle(1.500)", guest.Describe(new Shape.Circle(1.5)));
        Assert.Equal("rect(3, -4, ßtraße)", guest.Describe(new Shape.Rect(new Point(3, -4, "ßtraße"))));
        Assert.Equal("nothing", guest.Describe(new Shape.Nothing()));
    }

    [Fact]
    public void EnumsAndFlags()
    {
        Assert.Equal(Color.Green, guest.NextColor(Color.Red));
        Assert.Equal(Color.Red, guest.NextColor(Color.Blue));
        Assert.Equal(~(Wide.Bit0 | Wide.Bit31), guest.Invert(Wide.Bit0 | Wide.Bit31));
        Assert.Equal(Wide.Bit0 | Wide.Bit31, guest.Invert(~(Wide.Bit0 | Wide.Bit31)));
    }

    [Fact]
    public void NestedOptionsAndResults()
    {
        Assert.Null(guest.Classify(Option<uint?>.None).Value);
        Assert.Equal((byte)7, guest.Classify(Option<uint?>.Some(null)).Error);
        Assert.Equal("v=4294967295", guest.Classify(Option<uint?>.Some(uint.MaxValue)).Value);
    }

    [Fact]
    public void ManyArguments_SpillToMemory()
    {
        var text = guest.Spill(200, -5, 65535, -32768, 4_000_000_000, -7, ulong.MaxValue, long.MinValue, 1.5f, -2.25, new Rune(0x1F434), true, "žluť", 1, 2, 3);
        Assert.Equal("200 -5 65535 -32768 4000000000 -7 18446744073709551615 -9223372036854775808 1.50 -2.250 U+1F434 true žluť 1 2 3", text);
    }

    [Fact]
    public void GuestCallsHost_StringsListsAndVariants()
    {
        Assert.Equal("relay:host:héllo 🐴", guest.RelayEcho("héllo 🐴"));
        Assert.Equal(0, guest.SumHostPoints(0));
        Assert.Equal(Enumerable.Range(0, 1000).Sum(i => (3L * i) + (i % 5)), guest.SumHostPoints(1000));
        Assert.Equal("ok:none", guest.RelayClassify(Option<uint?>.None, new Shape.Nothing()));
        Assert.Equal("err:1", guest.RelayClassify(Option<uint?>.Some(null), new Shape.Circle(2)));
        Assert.Equal("ok:8 Rect { Value = Point { X = 1, Y = 2, Label = ü } }", guest.RelayClassify(Option<uint?>.Some(8), new Shape.Rect(new Point(1, 2, "ü"))));
        Assert.Equal(3, host.Calls);
    }

    [Fact]
    public void RandomValues_RoundTrip()
    {
        var random = new Random(20261123);
        for (var round = 0; round < 200; round++)
        {
            var text = RandomText(random, random.Next(0, 40));
            Assert.Equal(text, guest.Echo(text));
            Assert.Equal("relay:host:" + text, guest.RelayEcho(text));

            var list = Enumerable.Range(0, random.Next(0, 50)).Select(_ => (uint)random.NextInt64(0, 1L << 32)).ToArray();
            Assert.Equal(list.Reverse(), guest.Reverse(list));

            var points = Enumerable.Range(0, random.Next(0, 8)).Select(_ => new Point(random.Next(-1000, 1000), random.Next(-1000, 1000), RandomText(random, random.Next(0, 6)))).ToArray();
            var factor = random.Next(-5, 6);
            Assert.Equal(points.Select(p => new Point(p.X * factor, p.Y * factor, p.Label + "*")), guest.Scale(points, factor));

            var flags = (Wide)(uint)random.NextInt64(0, 1L << 32);
            Assert.Equal(~flags, guest.Invert(flags));

            var value = (uint)random.NextInt64(0, 1L << 32);
            Assert.Equal($"v={value}", guest.Classify(Option<uint?>.Some(value)).Value);
        }
    }

    /// <summary>Random text over ASCII, Latin-1, BMP and astral scalar values (never lone surrogates).</summary>
    private static string RandomText(Random random, int length)
    {
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var scalar = random.Next(4) switch
            {
                0 => random.Next(0x20, 0x7F),
                1 => random.Next(0xA0, 0x100),
                2 => random.Next(0x100, 0xD800),
                _ => random.Next(0x10000, 0x110000),
            };
            text.Append(new Rune(scalar).ToString());
        }

        return text.ToString();
    }

    private sealed class Host : IImports
    {
        public int Calls { get; private set; }

        public string HostEcho(string s) => "host:" + s;

        public IReadOnlyList<Point> HostPoints(uint n) =>
            Enumerable.Range(0, (int)n).Select(i => new Point(i, 2 * i, new string('x', i % 5))).ToArray();

        public Result<string?, byte> HostClassify(Option<uint?> x, Shape s)
        {
            Calls++;
            return !x.HasValue ? Result<string?, byte>.Ok(null)
                : x.Value is not { } value ? Result<string?, byte>.Err(s is Shape.Circle ? (byte)1 : (byte)2)
                : Result<string?, byte>.Ok($"{value} {s}");
        }
    }
}
