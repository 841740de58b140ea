using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;
using static WitSharp.HostRuntime.Tests.Components.UnusedImportWorld;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// Corpus/unused-import: the world imports and exports `meters`, so the generated bindings key the component's `meter`
/// "[export]witsharp:values/meters@1.0.0#meter"; the component never calls the import, so wit-component left it out and
/// the component alone cannot tell the two types apart. Its handles must still reach the bindings' table.
/// </summary>
public sealed class UnusedImportRuntimeTests
{
    private static readonly Engine Engine = new();

    public static TheoryData<string> Builds() => new("unused-import.component.wasm", "unused-import.embedded.wasm");

    [Theory]
    [MemberData(nameof(Builds))]
    public void ComponentMeters_WorkThroughTheBindingsKeys(string build)
    {
        var linker = new ComponentLinker(Engine);
        RegisterImports(linker, new Host());
        var instance = linker.Instantiate(new Store(Engine), Component.FromBytes(Engine, TestFiles.Corpus(build)));
        var meters = new Exports(instance).Meters;

        using var a = new Meter(meters, 3);
        var b = new Meter(meters, 4);

        Assert.Equal(3u, a.Reading());
        Assert.Equal(7u, meters.Total(a, b));
        b.Dispose();
        Assert.Throws<ObjectDisposedException>(() => b.Reading());
    }

    private sealed class Host : IImports, IMeters
    {
        public IMeters Meters => this;

        public IMeter CreateMeter(uint start) => throw new NotSupportedException("the component never calls the import");

        public uint Total(IMeter a, IMeter b) => throw new NotSupportedException("the component never calls the import");
    }
}
