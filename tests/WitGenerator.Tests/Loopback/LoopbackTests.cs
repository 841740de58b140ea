using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using WitSharp.HostRuntime.CanonicalAbi;
using static WitSharp.WitGenerator.Tests.Loopback.LoopbackWorld;

namespace WitSharp.WitGenerator.Tests.Loopback;

/// <summary>Every type goes host → export lowering → import lifting → host → import lowering → export lifting.</summary>
public sealed class LoopbackTests
{
    private const string EchoInterface = "witsharp:loopback/echo@1.0.0";

    private static (Exports Exports, LoopbackRuntime Runtime, Echo Host) Connect(StringEncoding encoding = StringEncoding.Utf8)
    {
        var runtime = new LoopbackRuntime(encoding);
        var imports = new Imports();
        RegisterImports(runtime, imports);
        return (new Exports(runtime), runtime, imports.Implementation);
    }

    private static readonly Primitives SamplePrimitives = new(
        true, -128, 255, -32768, 65535, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue, 1.5f, -2.25e300, new Rune(0x1F434), "žluťoučký kůň 🐴");

    [Fact]
    public void Primitives_round_trip_with_extreme_values()
    {
        var (exports, runtime, _) = Connect();
        Assert.Equal(SamplePrimitives, exports.Echo.EchoPrimitives(SamplePrimitives));
        Assert.True(exports.Echo.EchoBool(true));
        Assert.False(exports.Echo.EchoBool(false));
        Assert.Equal(new Rune('ř'), exports.Echo.EchoChar(new Rune('ř')));
        Assert.Equal((byte)200, exports.Echo.EchoU8(200));
        Assert.Equal((sbyte)-5, exports.Echo.EchoS8(-5));
        Assert.Equal(0x8000_0000_0000_0001UL, exports.Echo.EchoU64(0x8000_0000_0000_0001UL));
        Assert.Equal(float.NegativeInfinity, exports.Echo.EchoF32(float.NegativeInfinity));
        Assert.Equal(double.Epsilon, exports.Echo.EchoF64(double.Epsilon));
        Assert.True(runtime.PostReturnCalls > 0);
    }

    [Theory]
    [InlineData(StringEncoding.Utf8)]
    [InlineData(StringEncoding.Utf16)]
    [InlineData(StringEncoding.Latin1Utf16)]
    public void Strings_round_trip_in_every_encoding(StringEncoding encoding)
    {
        var (exports, _, _) = Connect(encoding);
        foreach (var text in new[] { "", "plain ascii", "café Latin-1 ÿ", "日本語 and 🐴 outside the BMP" })
        {
            Assert.Equal(text, exports.Echo.EchoString(text));
        }

        Assert.Equal(["a", "", "ü", "🐴🐴"], exports.Echo.EchoStrings(["a", "", "ü", "🐴🐴"]));
    }

    [Fact]
    public void Lists_round_trip_empty_large_and_nested()
    {
        var (exports, _, _) = Connect();
        Assert.Empty(exports.Echo.EchoBytes([]));
        var bytes = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        Assert.Equal(bytes, exports.Echo.EchoBytes(bytes));
        Assert.Empty(exports.Echo.EchoPoints([]));
        var points = Enumerable.Range(0, 5_000).Select(i => new Point(i, -i / 3.0)).ToArray();
        Assert.Equal(points, exports.Echo.EchoPoints(points));
        IReadOnlyList<IReadOnlyList<Point>> nested = [[], [new Point(1, 2)], [new Point(3, 4), new Point(5, 6)]];
        Assert.Equal(Describe(nested), Describe(exports.Echo.EchoNestedLists(nested)));
    }

    [Fact]
    public void Enums_and_flags_of_every_width_round_trip()
    {
        var (exports, _, _) = Connect();
        Assert.Equal(Color.Blue, exports.Echo.EchoColor(Color.Blue));
        Assert.Equal(SmallFlags.A | SmallFlags.H, exports.Echo.EchoSmallFlags(SmallFlags.A | SmallFlags.H));
        Assert.Equal(MediumFlags.F8 | MediumFlags.F0, exports.Echo.EchoMediumFlags(MediumFlags.F8 | MediumFlags.F0));
        Assert.Equal(LargeFlags.F19 | LargeFlags.F3, exports.Echo.EchoLargeFlags(LargeFlags.F19 | LargeFlags.F3));
        Assert.Equal((SmallFlags)0, exports.Echo.EchoSmallFlags(0));
    }

    private static readonly string[] ShapeNames = ["empty", "circle", "square", "polygon", "label", "nested-none", "nested-first", "nested-second"];

    public static TheoryData<string> ShapeCases => [.. ShapeNames];

    private static Shape SampleShape(string name) => name switch
    {
        "empty" => new Shape.Empty(),
        "circle" => new Shape.Circle(-0.75f),
        "square" => new Shape.Square(ulong.MaxValue - 1),
        "polygon" => new Shape.Polygon([new Point(0, 0), new Point(1, 0.5)]),
        "label" => new Shape.Label("čtverec"),
        "nested-none" => new Shape.Nested(null),
        "nested-first" => new Shape.Nested(new ShapeTag.First()),
        _ => new Shape.Nested(new ShapeTag.Second(-100)),
    };

    [Theory]
    [MemberData(nameof(ShapeCases))]
    public void Variant_cases_with_joined_payloads_round_trip(string caseName)
    {
        var (exports, _, _) = Connect();
        var shape = SampleShape(caseName);
        Assert.Equal(Describe(shape), Describe(exports.Echo.EchoShape(shape)));
    }

    [Fact]
    public void List_of_variants_round_trips_through_memory()
    {
        var (exports, _, _) = Connect();
        var shapes = ShapeNames.Select(SampleShape).ToArray();
        Assert.Equal(Describe(shapes), Describe(exports.Echo.EchoShapes(shapes)));
    }

    [Fact]
    public void Options_round_trip_including_nested_options()
    {
        var (exports, _, _) = Connect();
        Assert.Null(exports.Echo.EchoOption(null));
        Assert.Equal(7u, exports.Echo.EchoOption(7));
        Assert.Null(exports.Echo.EchoOptionString(null));
        Assert.Equal("", exports.Echo.EchoOptionString(""));
        Assert.Equal(Option<uint?>.None, exports.Echo.EchoNestedOption(Option<uint?>.None));
        Assert.Equal(Option<uint?>.Some(null), exports.Echo.EchoNestedOption(Option<uint?>.Some(null)));
        Assert.Equal(Option<uint?>.Some(42), exports.Echo.EchoNestedOption(Option<uint?>.Some(42)));
    }

    [Fact]
    public void Results_round_trip_in_every_form()
    {
        var (exports, _, _) = Connect();
        Assert.Equal(Result<string, Color>.Ok("ok ✓"), exports.Echo.EchoResult(Result<string, Color>.Ok("ok ✓")));
        Assert.Equal(Result<string, Color>.Err(Color.Green), exports.Echo.EchoResult(Result<string, Color>.Err(Color.Green)));
        Assert.Equal(Result<double, Unit>.Ok(3.5), exports.Echo.EchoResultOkOnly(Result<double, Unit>.Ok(3.5)));
        Assert.Equal(Result<double, Unit>.Err(default), exports.Echo.EchoResultOkOnly(Result<double, Unit>.Err(default)));
        Assert.Equal(Result<Unit, short>.Err(-2), exports.Echo.EchoResultErrOnly(Result<Unit, short>.Err(-2)));
        Assert.Equal(Result<Unit, Unit>.Ok(default), exports.Echo.EchoResultBare(Result<Unit, Unit>.Ok(default)));
        Assert.Equal(Result<Unit, Unit>.Err(default), exports.Echo.EchoResultBare(Result<Unit, Unit>.Err(default)));
        var okShape = Result<Shape?, IReadOnlyList<string>>.Ok(new Shape.Polygon([new Point(9, 9)]));
        Assert.Equal(Describe(okShape), Describe(exports.Echo.EchoResultOfOption(okShape)));
        var okNone = Result<Shape?, IReadOnlyList<string>>.Ok(null);
        Assert.Equal(okNone, exports.Echo.EchoResultOfOption(okNone));
        var error = Result<Shape?, IReadOnlyList<string>>.Err(["x", "ÿ"]);
        Assert.Equal(Describe(error), Describe(exports.Echo.EchoResultOfOption(error)));
    }

    [Fact]
    public void Tuples_round_trip()
    {
        var (exports, _, _) = Connect();
        Assert.Equal(((byte)1, "two", 3.0), exports.Echo.EchoTuple((1, "two", 3.0)));
        Assert.Equal(new ValueTuple<string>("solo"), exports.Echo.EchoSingleTuple(new ValueTuple<string>("solo")));
    }

    [Fact]
    public void Many_arguments_spill_to_memory_in_both_directions()
    {
        var (exports, _, host) = Connect();
        Assert.Equal((136u, "q ✓"), exports.Echo.EchoMany(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, "q ✓"));
        Assert.Equal((1UL, ulong.MaxValue), exports.Echo.EchoSixteen(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, ulong.MaxValue));
        exports.Echo.Ping();
        Assert.Equal(1, host.Pings);
    }

    [Fact]
    public void Imported_bool_other_than_0_or_1_lifts_as_true_and_lowers_as_1()
    {
        var (_, runtime, _) = Connect();
        Assert.Equal(1, runtime.Import<Func<int, int>>(EchoInterface, "echo-bool")(2));
        Assert.Equal(0, runtime.Import<Func<int, int>>(EchoInterface, "echo-bool")(0));
    }

    [Fact]
    public void Lifted_NaNs_are_canonical_whatever_payload_the_guest_sends()
    {
        var (_, runtime, _) = Connect();
        var f32 = runtime.Import<Func<float, float>>(EchoInterface, "echo-f32")(BitConverter.Int32BitsToSingle(unchecked((int)0xFF80_0001)));
        Assert.Equal(0x7FC0_0000, BitConverter.SingleToInt32Bits(f32));
        var f64 = runtime.Import<Func<double, double>>(EchoInterface, "echo-f64")(BitConverter.Int64BitsToDouble(0x7FF0_0000_0000_0001));
        Assert.Equal(0x7FF8_0000_0000_0000, BitConverter.DoubleToInt64Bits(f64));
        Assert.Equal(-0.0f, runtime.Import<Func<float, float>>(EchoInterface, "echo-f32")(-0.0f));
        Assert.True(float.IsNegative(runtime.Import<Func<float, float>>(EchoInterface, "echo-f32")(-0.0f)));
    }

    [Fact]
    public void Imported_surrogate_char_traps()
    {
        var (_, runtime, _) = Connect();
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => runtime.Import<Func<int, int>>(EchoInterface, "echo-char")(0xD800));
        Assert.Equal("char value 0xd800 is not a Unicode scalar value", trap.Message);
    }

    [Fact]
    public void Imported_enum_and_option_discriminants_out_of_range_trap()
    {
        var (_, runtime, _) = Connect();
        var color = Assert.Throws<CanonicalAbiTrapException>(() => runtime.Import<Func<int, int>>(EchoInterface, "echo-color")(3));
        Assert.Equal("discriminant 3 is out of range for color (3 cases)", color.Message);
        var resultPointer = runtime.Allocate(4, 8);
        var option = Assert.Throws<CanonicalAbiTrapException>(() => runtime.Import<Action<int, int, int>>(EchoInterface, "echo-option")(2, 0, resultPointer));
        Assert.Equal("discriminant 2 is out of range for option<u32> (2 cases)", option.Message);
    }

    [Fact]
    public void Result_discriminant_traps_name_the_full_result_type()
    {
        var (_, runtime, _) = Connect();
        var resultPointer = runtime.Allocate(8, 16);
        var full = Assert.Throws<CanonicalAbiTrapException>(() => runtime.Import<Action<int, int, int, int>>(EchoInterface, "echo-result")(2, 0, 0, resultPointer));
        Assert.Equal("discriminant 2 is out of range for result<string, color> (2 cases)", full.Message);
        var errorOnly = Assert.Throws<CanonicalAbiTrapException>(() => runtime.Import<Action<int, int, int>>(EchoInterface, "echo-result-err-only")(7, 0, resultPointer));
        Assert.Equal("discriminant 7 is out of range for result<_, s16> (2 cases)", errorOnly.Message);
        var okOnly = Assert.Throws<CanonicalAbiTrapException>(() => runtime.Import<Action<int, double, int>>(EchoInterface, "echo-result-ok-only")(3, 0, resultPointer));
        Assert.Equal("discriminant 3 is out of range for result<f64> (2 cases)", okOnly.Message);
    }

    [Fact]
    public void Imported_variant_in_memory_with_bad_discriminant_traps()
    {
        var (_, runtime, _) = Connect();
        var list = runtime.Allocate(8, 24);
        runtime.Memory.StoreU8(list, 6);
        var resultPointer = runtime.Allocate(4, 8);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => runtime.Import<Action<int, int, int>>(EchoInterface, "echo-shapes")(list, 1, resultPointer));
        Assert.Equal("discriminant 6 is out of range for shape (6 cases)", trap.Message);
    }

    [Fact]
    public void Imported_invalid_utf8_traps()
    {
        var (_, runtime, _) = Connect();
        var text = runtime.Allocate(1, 3);
        runtime.Memory.StoreU8(text, (byte)'a');
        runtime.Memory.StoreU8(text + 1, 0xC3);
        runtime.Memory.StoreU8(text + 2, 0x28);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => runtime.Import<Action<int, int, int>>(EchoInterface, "echo-string")(text, 3, runtime.Allocate(4, 8)));
        Assert.Equal($"string (ptr=0x{text:x}, len=3) is not valid UTF-8 at byte offset 1", trap.Message);
    }

    [Fact]
    public void Imported_string_out_of_bounds_traps()
    {
        var (_, runtime, _) = Connect();
        var size = runtime.Memory.Bytes.Length;
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => runtime.Import<Action<int, int, int>>(EchoInterface, "echo-string")(size - 2, 10, 16));
        Assert.Equal($"string (ptr=0x{size - 2:x}, len=10) is out of bounds of guest memory (size {size})", trap.Message);
    }

    [Fact]
    public void Imported_list_longer_than_memory_traps()
    {
        var (_, runtime, _) = Connect();
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => runtime.Import<Action<int, int, int>>(EchoInterface, "echo-points")(16, int.MaxValue, 16));
        Assert.Contains("is out of bounds of guest memory", trap.Message);
    }

    [Fact]
    public void Result_pointer_outside_memory_traps_before_anything_is_written()
    {
        var (_, runtime, _) = Connect();
        var size = runtime.Memory.Bytes.Length;
        var text = runtime.Allocate(1, 1);
        runtime.Memory.StoreU8(text, (byte)'x');
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => runtime.Import<Action<int, int, int>>(EchoInterface, "echo-string")(text, 1, size));
        Assert.Equal($"results (ptr=0x{size:x}, len=8) is out of bounds of guest memory (size {size})", trap.Message);
    }

    [Fact]
    public void Export_result_with_non_canonical_bool_lifts_as_true_and_bad_discriminant_traps()
    {
        var runtime = new LoopbackRuntime();
        RegisterImports(runtime, new Imports());
        runtime.GuestOverrides["echo-bool"] = new Func<int, int>(_ => 7);
        runtime.GuestOverrides["echo-color"] = new Func<int, int>(_ => -1);
        var exports = new Exports(runtime);
        Assert.True(exports.Echo.EchoBool(false));
        Assert.Equal("discriminant 4294967295 is out of range for color (3 cases)", Assert.Throws<CanonicalAbiTrapException>(() => exports.Echo.EchoColor(Color.Red)).Message);
    }

    [Fact]
    public void Export_result_pointer_out_of_bounds_from_the_guest_traps()
    {
        var runtime = new LoopbackRuntime(memorySize: 4096);
        RegisterImports(runtime, new Imports());
        runtime.GuestOverrides["echo-string"] = new Func<int, int, int>((_, _) => 4094);
        var exports = new Exports(runtime);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => exports.Echo.EchoString("x"));
        Assert.Equal("results (ptr=0xffe) is not aligned to 4 bytes", trap.Message);
    }

    /// <summary>A structural description (records holding lists compare by reference, so tests compare descriptions).</summary>
    private static string Describe(object? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case string text:
                return "\"" + text + "\"";
            case IFormattable formattable:
                return formattable.ToString(null, CultureInfo.InvariantCulture);
            case ITuple tuple:
                return "(" + string.Join(", ", Enumerable.Range(0, tuple.Length).Select(i => Describe(tuple[i]))) + ")";
            case IEnumerable items:
                return "[" + string.Join(", ", items.Cast<object?>().Select(Describe)) + "]";
        }

        var type = value.GetType();
        if (type.Name.StartsWith("Result`", StringComparison.Ordinal))
        {
            var isOk = (bool)type.GetProperty("IsOk")!.GetValue(value)!;
            return (isOk ? "Ok(" : "Err(") + Describe(type.GetProperty(isOk ? "Value" : "Error")!.GetValue(value)) + ")";
        }

        var properties = type.GetProperties().Where(p => p.Name != "EqualityContract").Select(p => p.Name + "=" + Describe(p.GetValue(value)));
        return type.Name + "{" + string.Join(", ", properties) + "}";
    }
}
