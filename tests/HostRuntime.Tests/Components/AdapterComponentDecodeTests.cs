using WitSharp.HostRuntime.Components;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>A C guest using stdio: wit-component adds the preview1 adapter module and the WASI interfaces it imports.</summary>
public class AdapterComponentDecodeTests
{
    private readonly ComponentDefinition component = ComponentDecoder.Decode(TestFiles.Corpus("wasi-guest.component.wasm")).Component;

    [Fact]
    public void Embeds_main_adapter_shim_and_fixup_modules()
    {
        Assert.Equal(4, component.CoreModules.Count);
        Assert.Equal(component.CoreModules.Count, component.IndexSpace(Sort.CoreModule).Count);
    }

    [Fact]
    public void Imports_wasi_interfaces_as_instances()
    {
        Assert.Equal(15, component.Imports.Count);
        Assert.All(component.Imports, import =>
        {
            Assert.Equal(ExternNameKind.Interface, import.Name.Kind);
            Assert.Equal(ExternKind.Instance, import.Type.Kind);
            Assert.StartsWith("wasi:", import.Name.Name);
        });
    }

    [Fact]
    public void Drops_wasi_resources_and_lowers_list_results_with_realloc()
    {
        var drops = component.Canons.OfType<CanonResourceDrop>().ToList();
        Assert.Equal(7, drops.Count);
        Assert.All(drops, drop => Assert.IsType<InstanceExportAlias>(component.IndexSpace(Sort.Type)[(int)drop.Resource].Origin));

        var lowers = component.Canons.OfType<CanonLower>().ToList();
        var getEnvironment = lowers.Single(lower =>
            component.IndexSpace(Sort.Func)[(int)lower.Func].Origin is InstanceExportAlias { Name: "get-environment" });
        Assert.NotNull(getEnvironment.Options.Memory);
        Assert.NotNull(getEnvironment.Options.Realloc);
    }
}
