using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WitSharp.HostRuntime.Components;
using WitSharp.Tests;
using WitSharp.Wasm;
using static WitSharp.HostRuntime.Tests.Components.ValuesWorld;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// Differential tests: a seeded random corpus of calls to the values guest (and to the strings guest's utf16 build) runs
/// through WitSharp's runtime with the generated bindings and through `jco transpile` on Node
/// (plugins/tools/values-jco.mjs, strings-jco.mjs); every result must be equal.
/// Needs node and jco under .tools/ (CI installs both); without jco the test has nothing to compare against and passes.
/// </summary>
public sealed class JcoDifferentialTests
{
    private static readonly string[] Colors = ["red", "green", "blue"];

    [Fact]
    public void RandomCorpus_GivesTheSameResultsAsJco()
    {
        if (!NodeScript.JcoInstalled(TestFiles.RepositoryRoot))
        {
            return; // jco is not installed under .tools/ (scripts/install-toolchains.sh); CI always has it.
        }

        var random = new Random(7);
        var engine = new Engine();
        var linker = new ComponentLinker(engine);
        RegisterImports(linker, new DifferentialHost());
        var guest = new Exports(linker.Instantiate(new Store(engine), Component.FromBytes(engine, TestFiles.Corpus("values.component.wasm"))));
        var calls = Enumerable.Range(0, 300).Select(_ => RandomCall(random, guest)).ToList();

        AssertJcoAgrees("values-jco.mjs", "values.component.wasm", calls);
    }

    /// <summary>
    /// The strings guest's string-encoding=utf16 build under both runtimes (plugins/tools/strings-jco.mjs). Its
    /// latin1+utf16 build has no jco counterpart: jco 1.35's transpile panics on that encoding.
    /// </summary>
    [Fact]
    public void Utf16Strings_GiveTheSameResultsAsJco()
    {
        if (!NodeScript.JcoInstalled(TestFiles.RepositoryRoot))
        {
            return; // jco is not installed under .tools/ (scripts/install-toolchains.sh); CI always has it.
        }

        var random = new Random(11);
        var engine = new Engine();
        var linker = new ComponentLinker(engine);
        StringsWorld.RegisterImports(linker, new StringsDifferentialHost());
        var guest = new StringsWorld.Exports(linker.Instantiate(new Store(engine), Component.FromBytes(engine, TestFiles.Corpus("strings.utf16.component.wasm"))));
        var calls = Enumerable.Range(0, 300).Select(_ => RandomStringsCall(random, guest)).ToList();

        AssertJcoAgrees("strings-jco.mjs", "strings.utf16.component.wasm", calls);
    }

    /// <summary>Runs the calls under jco with the given script and corpus component; each result must equal WitSharp's.</summary>
    private static void AssertJcoAgrees(string script, string component, IReadOnlyList<(JsonObject Call, string Result)> calls)
    {
        var casesPath = Path.GetTempFileName();
        try
        {
            File.WriteAllText(casesPath, new JsonArray(calls.Select(c => (JsonNode?)c.Call).ToArray()).ToJsonString());
            var output = NodeScript.Run([Path.Combine(TestFiles.RepositoryRoot, "plugins", "tools", script), Path.Combine(TestFiles.CorpusDirectory, component), casesPath]);
            var actual = JsonSerializer.Deserialize<string[]>(output)!;
            Assert.Equal(calls.Count, actual.Length);
            for (var i = 0; i < calls.Count; i++)
            {
                Assert.True(calls[i].Result == actual[i], $"case {i} {calls[i].Call.ToJsonString()}: WitSharp gave {calls[i].Result}, jco gave {actual[i]}");
            }
        }
        finally
        {
            File.Delete(casesPath);
        }
    }

    private static JsonObject Call(string function, params JsonNode?[] args) => new() { ["fn"] = function, ["args"] = new JsonArray(args) };

    /// <summary>Joins the values of one result as strings-jco.mjs does.</summary>
    private static string Joined(params object[] values) =>
        string.Join('\u0001', values.Select(v => v is bool b ? (b ? "true" : "false") : Convert.ToString(v, CultureInfo.InvariantCulture)));

    private static (JsonObject Call, string Result) RandomStringsCall(Random random, StringsWorld.Exports guest)
    {
        static JsonObject EntryJson(StringsWorld.Entry e) => new() { ["key"] = e.Key, ["value"] = e.Value, ["weight"] = e.Weight };
        static string EntryText(StringsWorld.Entry e) => Joined(e.Key, e.Value, e.Weight);
        static string LayoutText(StringsWorld.Layout l) => Joined([l.Utf16, .. l.Units.Cast<object>()]);
        var text = RandomText(random);
        switch (random.Next(8))
        {
            case 0:
                return (Call("echo", text), guest.Echo(text));
            case 1:
                return (Call("inspect", text), LayoutText(guest.Inspect(text)));
            case 2:
                var parts = Enumerable.Range(0, random.Next(0, 5)).Select(_ => RandomText(random)).ToArray();
                return (Call("join", new JsonArray(parts.Select(p => (JsonNode?)p).ToArray()), text), guest.Join(parts, text));
            case 3:
                var separated = string.Join(",", Enumerable.Range(0, random.Next(0, 5)).Select(_ => RandomText(random)));
                return (Call("split", separated, (int)','), Joined([.. guest.Split(separated, ',')]));
            case 4:
                var entry = new StringsWorld.Entry(text, RandomText(random), (uint)random.NextInt64(1L << 32));
                return (Call("swap", EntryJson(entry)), EntryText(guest.Swap(entry)));
            case 5:
                var (token, json) = random.Next(4) switch
                {
                    0 => ((StringsWorld.Token)new StringsWorld.Token.Word(text), new JsonObject { ["tag"] = "word", ["val"] = text }),
                    1 => (new StringsWorld.Token.Number(12345), new JsonObject { ["tag"] = "number", ["val"] = 12345 }),
                    2 => (new StringsWorld.Token.Pair(new(text, "ü", 1)), new JsonObject { ["tag"] = "pair", ["val"] = EntryJson(new(text, "ü", 1)) }),
                    _ => (new StringsWorld.Token.End(), new JsonObject { ["tag"] = "end" }),
                };
                var transformed = guest.Transform(token) switch
                {
                    StringsWorld.Token.Word w => Joined("word", w.Value),
                    StringsWorld.Token.Number n => Joined("number", n.Value),
                    StringsWorld.Token.Pair p => Joined("pair", EntryText(p.Value)),
                    _ => "end",
                };
                return (Call("transform", json), transformed);
            case 6:
                ushort[] units = [.. text.Select(c => (ushort)c)];
                return (Call("relay", new JsonArray(units.Select(u => (JsonNode?)u).ToArray())), LayoutText(guest.Relay(units, utf16: true)));
            default:
                var words = string.Join(" ", Enumerable.Range(0, random.Next(0, 5)).Select(_ => RandomText(random)));
                return (Call("relay-words", words), Joined([.. guest.RelayWords(words)]));
        }
    }

    private static (JsonObject Call, string Result) RandomCall(Random random, Exports guest)
    {
        switch (random.Next(10))
        {
            case 0:
                var (a, b) = ((uint)random.NextInt64(1L << 32), (uint)random.NextInt64(1L << 32));
                return (Call("add", a, b), guest.Add(a, b).ToString(CultureInfo.InvariantCulture));
            case 1:
                var text = RandomText(random);
                return (Call("echo", text), guest.Echo(text));
            case 2:
                var relayed = RandomText(random);
                return (Call("relay-echo", relayed), guest.RelayEcho(relayed));
            case 3:
                var values = Enumerable.Range(0, random.Next(0, 30)).Select(_ => (uint)random.NextInt64(1L << 32)).ToArray();
                return (Call("reverse", new JsonArray(values.Select(v => (JsonNode?)v).ToArray())), string.Join(",", guest.Reverse(values)));
            case 4:
                var points = Enumerable.Range(0, random.Next(0, 6)).Select(_ => new Point(random.Next(-9999, 9999), random.Next(-9999, 9999), RandomText(random))).ToArray();
                var factor = random.Next(-9, 10);
                var json = new JsonArray(points.Select(p => (JsonNode?)new JsonObject { ["x"] = p.X, ["y"] = p.Y, ["label"] = p.Label }).ToArray());
                return (Call("scale", json, factor), string.Join(";", guest.Scale(points, factor).Select(p => $"{p.X},{p.Y},{p.Label}")));
            case 5:
                Shape shape = random.Next(3) switch
                {
                    0 => new Shape.Circle(random.Next(0, 100000) / 64.0),
                    1 => new Shape.Rect(new Point(random.Next(-99, 99), random.Next(-99, 99), RandomText(random))),
                    _ => new Shape.Nothing(),
                };
                var shapeJson = new JsonObject { ["tag"] = shape switch { Shape.Circle => "circle", Shape.Rect => "rect", _ => "nothing" } };
                shapeJson["val"] = shape switch
                {
                    Shape.Circle c => c.Value,
                    Shape.Rect r => new JsonObject { ["x"] = r.Value.X, ["y"] = r.Value.Y, ["label"] = r.Value.Label },
                    _ => null,
                };
                return (Call("describe", shapeJson), guest.Describe(shape));
            case 6:
                var color = (Color)random.Next(3);
                return (Call("next-color", Colors[(int)color]), Colors[(int)guest.NextColor(color)]);
            case 7:
                var bits = (uint)random.NextInt64(1L << 32);
                return (Call("invert", bits), ((uint)guest.Invert((Wide)bits)).ToString(CultureInfo.InvariantCulture));
            case 8:
                var n = (uint)random.Next(0, 200);
                return (Call("sum-host-points", n), guest.SumHostPoints(n).ToString(CultureInfo.InvariantCulture));
            default:
                var (u8, s8, u16, s16) = ((byte)random.Next(256), (sbyte)random.Next(-128, 128), (ushort)random.Next(65536), (short)random.Next(-32768, 32768));
                var (u32, s32) = ((uint)random.NextInt64(1L << 32), random.Next(int.MinValue, int.MaxValue));
                var (u64, s64) = ((ulong)random.NextInt64() * 2, random.NextInt64(long.MinValue, long.MaxValue));
                var (f32, f64) = (random.Next(-4000, 4000) / 8f, random.Next(-400000, 400000) / 16.0);
                var character = new Rune(random.Next(2) == 0 ? random.Next(0x20, 0xD800) : random.Next(0x10000, 0x110000));
                var flag = random.Next(2) == 1;
                var m = RandomText(random);
                var (x, y, z) = ((uint)random.Next(), (uint)random.Next(), (uint)random.Next());
                var call = Call("spill", u8, s8, u16, s16, u32, s32, u64.ToString(CultureInfo.InvariantCulture), s64.ToString(CultureInfo.InvariantCulture), f32, f64, character.ToString(), flag, m, x, y, z);
                return (call, guest.Spill(u8, s8, u16, s16, u32, s32, u64, s64, f32, f64, character, flag, m, x, y, z));
        }
    }

    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(0, 12); i > 0; i--)
        {
            text.Append(new Rune(random.Next(4) switch
            {
                0 => random.Next(0x20, 0x7F),
                1 => random.Next(0xA0, 0x100),
                2 => random.Next(0x100, 0xD800),
                _ => random.Next(0x10000, 0x110000),
            }).ToString());
        }

        return text.ToString();
    }

    /// <summary>The host behaviour strings-jco.mjs implements too.</summary>
    private sealed class StringsDifferentialHost : StringsWorld.IImports
    {
        public string HostDecorate(string s) => $"«{s}»";

        public IReadOnlyList<string> HostWords(string text) => text.Split(' ');
    }

    /// <summary>The host behaviour values-jco.mjs implements too.</summary>
    private sealed class DifferentialHost : IImports
    {
        public string HostEcho(string s) => "host:" + s;

        public IReadOnlyList<Point> HostPoints(uint n) =>
            Enumerable.Range(0, (int)n).Select(i => new Point(i, 2 * i, new string('x', i % 5))).ToArray();

        public Result<string?, byte> HostClassify(Option<uint?> x, Shape s) => throw new NotSupportedException("not part of the differential corpus");
    }
}
