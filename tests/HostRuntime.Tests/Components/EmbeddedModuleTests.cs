using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;
using static WitSharp.HostRuntime.Tests.Components.ValuesWorld;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// Core modules carrying their world in a component-type section (Corpus/*.embedded.wasm, before `component new`)
/// load and run like the components made from them.
/// </summary>
public sealed class EmbeddedModuleTests
{
    private static readonly Engine Engine = new();

    [Fact]
    public void ValuesModule_RunsThroughTheGeneratedBindings()
    {
        var linker = new ComponentLinker(Engine);
        RegisterImports(linker, new EchoHost());
        var guest = new Exports(linker.Instantiate(new Store(Engine), Component.FromBytes(Engine, TestFiles.Corpus("values.embedded.wasm"))));

        Assert.Equal(15u, guest.Add(7, 8));
        Assert.Equal("žluťoučký 🐴", guest.Echo("žluťoučký 🐴"));
        Assert.Equal("relay:host:ü", guest.RelayEcho("ü"));
        Assert.Equal([new Point(2, -4, "a*")], guest.Scale([new Point(1, -2, "a")], 2));
        Assert.Equal("rect(1, 2, x)", guest.Describe(new Shape.Rect(new Point(1, 2, "x"))));
        Assert.Equal("1 2 3 4 5 6 7 8 0.50 0.250 U+0041 false m 9 10 11", guest.Spill(1, 2, 3, 4, 5, 6, 7, 8, 0.5f, 0.25, new System.Text.Rune('A'), false, "m", 9, 10, 11));
    }

    [Fact]
    public void HandlesModule_GuestAndHostResources()
    {
        const string Counters = "witsharp:handles/counters@1.0.0";
        const string Blobs = "witsharp:handles/blobs@1.0.0";
        var destroyed = new List<int>();
        var linker = new ComponentLinker(Engine);
        linker.DefineFunction(Blobs, "[constructor]blob", options => new Func<int, int, int>((_, length) => options.Resources.For(Blobs + "#blob").Add(1000 + length, own: true)));
        linker.DefineFunction(Blobs, "[method]blob.size", options => new Func<int, int>(handle => options.Resources.For(Blobs + "#blob").Representation(handle) - 1000));
        linker.DefineFunction(Blobs, "reclaim", options => new Func<int, int>(handle => options.Resources.For(Blobs + "#blob").RemoveOwned(handle) - 1000));
        linker.DefineFunction(Blobs, "merge", options => new Func<int, int, int>((target, source) => options.Resources.For(Blobs + "#blob").RemoveOwned(source)));
        linker.DefineResourceDestructor(Blobs, "blob", destroyed.Add);
        var instance = linker.Instantiate(new Store(Engine), Component.FromBytes(Engine, TestFiles.Corpus("handles.embedded.wasm")));

        var counterHandle = instance.GetFunction(Counters, "[constructor]counter").GetCore<Func<long, int>>()(40);
        var blob = instance.GetFunction(Counters, "make-blob").GetCore<Func<int, int>>()(5);
        Assert.Equal((1, 2), (counterHandle, blob));
        var counter = instance.Resources.For(Counters + "#counter").Remove(counterHandle);
        instance.GetFunction(Counters, "[method]counter.increment").GetCore<Action<int, long>>()(counter, 2);
        Assert.Equal(42L, instance.GetFunction(Counters, "[method]counter.value").GetCore<Func<int, long>>()(counter));
        Assert.Equal(1, instance.GetFunction(Counters, "live-counters").GetCore<Func<int>>()());
        instance.DropResource(Counters + "#counter", counter);
        Assert.Equal(0, instance.GetFunction(Counters, "live-counters").GetCore<Func<int>>()());

        instance.GetFunction(Counters, "drop-blob").GetCore<Action<int>>()(blob);
        Assert.Equal([1005], destroyed);
    }

    [Fact]
    public void StandardNamedModule_ImportsAndExportsBind()
    {
        // wasm-tools' dummy module for the world uses the cm32p2 names: "cm32p2|witsharp:interfaces/logging@0.3.0-rc.1"
        // "log" and so on, exports "cm32p2||run" and "cm32p2|witsharp:interfaces/config@0.3.0-rc.1|get", whose bodies trap.
        const string Logging = "witsharp:interfaces/logging@0.3.0-rc.1";
        const string Config = "witsharp:interfaces/config@0.3.0-rc.1";
        var linker = new ComponentLinker(Engine);
        linker.DefineFunction(Logging, "log", _ => new Action<int, int, int>((_, _, _) => { }));
        linker.DefineFunction(Config, "get", _ => new Action<int, int, int>((_, _, _) => { }));
        linker.DefineFunction(Config, "all", _ => new Action<int>(_ => { }));
        linker.DefineFunction(null, "now", _ => new Func<long>(() => 0));

        var instance = linker.Instantiate(new Store(Engine), Component.FromBytes(Engine, TestFiles.Corpus("interfaces.embedded.wasm")));

        var run = instance.GetFunction(null, "run").GetCore<Func<int, int, int>>();
        Assert.Equal(TrapKind.Unreachable, Assert.Throws<TrapException>(() => run(0, 0)).Kind);
        Assert.Equal(TrapKind.Unreachable, Assert.Throws<TrapException>(() => instance.GetFunction(Config, "all").GetCore<Func<int>>()()).Kind);
    }

    [Fact]
    public void ModuleImportingItsMemory_IsRefusedAtLoad()
    {
        // A module importing "env" "memory" (what WASI preview1 adapters do) with the world of interfaces.embedded.wasm.
        byte[] importSection = [0x02, 0x0F, 0x01, 0x03, (byte)'e', (byte)'n', (byte)'v', 0x06, (byte)'m', (byte)'e', (byte)'m', (byte)'o', (byte)'r', (byte)'y', 0x02, 0x00, 0x01];
        byte[] module = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, .. importSection, .. ComponentTypeSection(TestFiles.Corpus("interfaces.embedded.wasm"))];

        var error = Assert.Throws<ComponentFormatException>(() => Component.FromBytes(Engine, module));

        Assert.StartsWith("core module imports \"env\" \"memory\" (memory 1 none); a module built for a world imports only functions", error.Problem);
    }

    /// <summary>The whole component-type custom section (id, size, name, payload) of a core module.</summary>
    private static byte[] ComponentTypeSection(byte[] module)
    {
        for (var at = 8; at < module.Length;)
        {
            var start = at;
            var id = module[at++];
            int size = 0, shift = 0;
            byte b;
            do
            {
                b = module[at++];
                size |= (b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);

            if (id == 0 && System.Text.Encoding.UTF8.GetString(module, at + 1, module[at]).StartsWith("component-type", StringComparison.Ordinal))
            {
                return module[start..(at + size)];
            }

            at += size;
        }

        throw new InvalidOperationException("no component-type section");
    }

    [Theory]
    [InlineData("wasi:cli/stdout@0.2.6", "wasi:cli/stdout@0.2")]
    [InlineData("witsharp:resources/files@1.0.0", "witsharp:resources/files@1")]
    [InlineData("a:b/c@0.0.4", "a:b/c@0.0.4")]
    [InlineData("witsharp:interfaces/logging@0.3.0-rc.1", "witsharp:interfaces/logging@0.3.0-rc.1")]
    [InlineData("a:b/c", "a:b/c")]
    public void StandardNames_ShortenInterfaceVersionsToTheirCompatibilityPrefix(string name, string shortened)
    {
        Assert.Equal(shortened, CoreNames.Shorten(name));
    }

    [Fact]
    public void MissingImport_IsNamedWithItsWitType()
    {
        var error = Assert.Throws<LinkException>(() => new ComponentLinker(Engine).Instantiate(new Store(Engine), Component.FromBytes(Engine, TestFiles.Corpus("values.embedded.wasm"))));
        Assert.Contains("host-echo: func(s: string) -> string", error.Message);
    }

    [Fact]
    public void CoreModuleWithoutComponentType_IsRejected()
    {
        var module = TestFiles.Corpus("values.embedded.wasm")[..8];
        var error = Assert.Throws<ComponentFormatException>(() => Component.FromBytes(Engine, module));
        Assert.Contains("no component-type custom section", error.Message);
    }

    private sealed class EchoHost : IImports
    {
        public string HostEcho(string s) => "host:" + s;

        public IReadOnlyList<Point> HostPoints(uint n) => [];

        public Result<string?, byte> HostClassify(Option<uint?> x, Shape s) => Result<string?, byte>.Ok(null);
    }
}
