using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>Component.FromBytes accepts what wit-component emits and names every construct beyond it.</summary>
public sealed class ComponentLoadTests
{
    private static readonly Engine Engine = new();
    private static readonly byte[] Preamble = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00];
    private static readonly byte[] CoreModule = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    [Fact]
    public void EveryCorpusComponent_Loads()
    {
        foreach (var build in TestFiles.CorpusBuilds())
        {
            var component = Component.FromBytes(Engine, TestFiles.Corpus(build + ".component.wasm"));
            Assert.NotEmpty(component.Signature.Exports);
        }
    }

    [Fact]
    public void ComponentNestedTwoLevels_IsUnsupported()
    {
        var error = Assert.Throws<UnsupportedComponentFeatureException>(() => Component.FromBytes(Engine, With((4, With((4, Preamble))))));
        Assert.Equal("component nested inside a nested component", error.Construct);
    }

    [Fact]
    public void NestedComponentWithCoreModules_IsUnsupported()
    {
        var error = Assert.Throws<UnsupportedComponentFeatureException>(() => Component.FromBytes(Engine, With((4, With((1, CoreModule))))));
        Assert.Equal("nested component with its own core modules, instances or canon definitions", error.Construct);
    }

    [Fact]
    public void ValueDefinitions_AreUnsupported()
    {
        // One value of type bool, encoded as the single byte 1.
        var error = Assert.Throws<UnsupportedComponentFeatureException>(() => Component.FromBytes(Engine, With((12, [0x01, 0x7F, 0x01, 0x01]))));
        Assert.Equal("component value definition", error.Construct);
    }

    private static byte[] With(params (byte Id, byte[] Payload)[] sections)
    {
        var bytes = new List<byte>(Preamble);
        foreach (var (id, payload) in sections)
        {
            bytes.Add(id);
            bytes.Add(checked((byte)payload.Length));
            bytes.AddRange(payload);
        }

        return [.. bytes];
    }
}
