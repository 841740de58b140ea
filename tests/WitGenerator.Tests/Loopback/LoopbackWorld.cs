using System.Text;

namespace WitSharp.WitGenerator.Tests.Loopback;

/// <summary>Bindings of Corpus/loopback/loopback.wit, generated at build time by the generator under test.</summary>
[WitWorld("witsharp:loopback/loopback")]
internal static partial class LoopbackWorld
{
    /// <summary>Returns every argument unchanged.</summary>
    internal sealed class Echo : IEcho
    {
        public int Pings { get; private set; }

        public Primitives EchoPrimitives(Primitives value) => value;

        public bool EchoBool(bool value) => value;

        public Rune EchoChar(Rune value) => value;

        public byte EchoU8(byte value) => value;

        public sbyte EchoS8(sbyte value) => value;

        public ulong EchoU64(ulong value) => value;

        public float EchoF32(float value) => value;

        public double EchoF64(double value) => value;

        public string EchoString(string value) => value;

        public byte[] EchoBytes(byte[] value) => value;

        public IReadOnlyList<string> EchoStrings(IReadOnlyList<string> value) => value;

        public IReadOnlyList<Point> EchoPoints(IReadOnlyList<Point> value) => value;

        public IReadOnlyList<IReadOnlyList<Point>> EchoNestedLists(IReadOnlyList<IReadOnlyList<Point>> value) => value;

        public Color EchoColor(Color value) => value;

        public SmallFlags EchoSmallFlags(SmallFlags value) => value;

        public MediumFlags EchoMediumFlags(MediumFlags value) => value;

        public LargeFlags EchoLargeFlags(LargeFlags value) => value;

        public Shape EchoShape(Shape value) => value;

        public IReadOnlyList<Shape> EchoShapes(IReadOnlyList<Shape> value) => value;

        public uint? EchoOption(uint? value) => value;

        public string? EchoOptionString(string? value) => value;

        public Option<uint?> EchoNestedOption(Option<uint?> value) => value;

        public Result<string, Color> EchoResult(Result<string, Color> value) => value;

        public Result<double, Unit> EchoResultOkOnly(Result<double, Unit> value) => value;

        public Result<Unit, short> EchoResultErrOnly(Result<Unit, short> value) => value;

        public Result<Unit, Unit> EchoResultBare(Result<Unit, Unit> value) => value;

        public Result<Shape?, IReadOnlyList<string>> EchoResultOfOption(Result<Shape?, IReadOnlyList<string>> value) => value;

        public (byte, string, double) EchoTuple((byte, string, double) value) => value;

        public ValueTuple<string> EchoSingleTuple(ValueTuple<string> value) => value;

        public (uint, string) EchoMany(uint a, uint b, uint c, uint d, uint e, uint f, uint g, uint h, uint i, uint j, uint k, uint l, uint m, uint n, uint o, uint p, string q) =>
            (a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p, q);

        public (ulong, ulong) EchoSixteen(ulong a, ulong b, ulong c, ulong d, ulong e, ulong f, ulong g, ulong h, ulong i, ulong j, ulong k, ulong l, ulong m, ulong n, ulong o, ulong p) =>
            (a, p);

        public void Ping() => Pings++;
    }

    internal sealed class Imports : IImports
    {
        public Echo Implementation { get; } = new();

        IEcho IImports.Echo => Implementation;
    }
}
