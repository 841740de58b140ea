using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>Shapes other toolchains emit, as hand-written components (Corpus/*.wat), each found failing once by the
/// third-party runner (<see cref="ThirdPartyComponentTests"/>).</summary>
public sealed class ToolchainShapeTests
{
    private static readonly Engine Engine = new();

    [Fact]
    public void Type_aliased_out_of_an_exported_shim_instance_types_a_lifted_function()
    {
        var component = Component.FromBytes(Engine, TestFiles.Corpus("aliased-export-type.component.wasm"));

        var instance = new ComponentLinker(Engine).Instantiate(new Store(Engine), component);

        Assert.Equal(7, instance.GetFunction(null, "take").GetCore<Func<int, int>>()(7));
        Assert.Equal("func(h: holder) -> u32", component.Signature.Exports.Single(e => e.Name == "take").Type);
    }
}
