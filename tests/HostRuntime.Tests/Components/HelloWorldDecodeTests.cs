using WitSharp.HostRuntime.Components;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>The structure wit-component emits for plugins/dist/hello_world.wasm, as the runtime will consume it.</summary>
public class HelloWorldDecodeTests
{
    private readonly ComponentDefinition component = ComponentDecoder.Decode(TestFiles.HelloWorld()).Component;

    [Fact]
    public void Embeds_the_main_shim_and_fixup_core_modules_with_their_bytes()
    {
        Assert.Equal(3, component.CoreModules.Count);
        byte[] binary = TestFiles.HelloWorld();
        foreach (var module in component.CoreModules)
        {
            Assert.Equal(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00 }, module.Binary[..8].ToArray());
            Assert.True(binary.AsSpan(module.Offset, module.Binary.Length).SequenceEqual(module.Binary.Span));
        }

        Assert.True(component.CoreModules[0].Binary.Length > component.CoreModules[1].Binary.Length, "the main module comes first and is the largest");
    }

    [Fact]
    public void Instantiates_main_with_the_root_import_instance()
    {
        var main = component.CoreInstances.OfType<CoreInstantiate>().Single(i => i.Module == 0);
        var arg = Assert.Single(main.Args);
        Assert.Equal("$root", arg.Name);
        var root = Assert.IsType<CoreInstanceFromExports>(component.IndexSpace(Sort.CoreInstance)[(int)arg.Instance].Origin);
        Assert.Equal("log", Assert.Single(root.Exports).Name);
    }

    [Fact]
    public void Lifts_exports_with_memory_realloc_and_post_return()
    {
        var lifts = component.Canons.OfType<CanonLift>().ToList();
        Assert.Equal(3, lifts.Count);
        var exportedNames = component.Exports.Select(e => e.Name.Name).ToList();
        Assert.Equal(["init", "handle-event", "shutdown"], exportedNames);

        var coreFuncs = component.IndexSpace(Sort.CoreFunc);
        string CoreExportName(uint index) => Assert.IsType<CoreInstanceExportAlias>(coreFuncs[(int)index].Origin).Name;

        Assert.Equal("init", CoreExportName(lifts[0].CoreFunc));
        Assert.Equal(StringEncoding.Utf8, lifts[0].Options.StringEncoding);
        Assert.NotNull(lifts[0].Options.Memory);
        Assert.Equal("cabi_realloc", CoreExportName(lifts[0].Options.Realloc!.Value));
        Assert.Equal("cabi_post_init", CoreExportName(lifts[0].Options.PostReturn!.Value));
        Assert.Equal("cabi_post_handle-event", CoreExportName(lifts[1].Options.PostReturn!.Value));
        Assert.Equal(new CanonOptions(StringEncoding.Utf8, null, null, null), lifts[2].Options);

        var memory = Assert.IsType<CoreInstanceExportAlias>(component.IndexSpace(Sort.CoreMemory)[(int)lifts[0].Options.Memory!.Value].Origin);
        Assert.Equal("memory", memory.Name);
    }

    [Fact]
    public void Lowers_the_log_import_into_guest_memory()
    {
        var lower = Assert.Single(component.Canons.OfType<CanonLower>());
        var import = Assert.IsType<ImportDefinition>(component.IndexSpace(Sort.Func)[(int)lower.Func].Origin);
        Assert.Equal("log", import.Name.Name);
        Assert.Equal(ExternNameKind.Plain, import.Name.Kind);
        Assert.NotNull(lower.Options.Memory);

        var types = component.Imports.Single(i => i.Type.Kind == ExternKind.Instance);
        Assert.Equal(ExternNameKind.Interface, types.Name.Kind);
    }

    [Fact]
    public void Index_spaces_count_every_definition_wit_component_emits()
    {
        Assert.Equal(5, component.IndexSpace(Sort.CoreInstance).Count);
        Assert.Equal(3, component.IndexSpace(Sort.CoreModule).Count);
        Assert.Single(component.IndexSpace(Sort.CoreMemory));
        Assert.Single(component.IndexSpace(Sort.Instance));
        // log import + three lifts + three exports (each export adds an index).
        Assert.Equal(7, component.IndexSpace(Sort.Func).Count);
        Assert.Equal(component.CoreInstances.Count, component.IndexSpace(Sort.CoreInstance).Count);
        Assert.All(component.IndexSpace(Sort.CoreFunc), entry => Assert.True(entry.Origin is CoreInstanceExportAlias or CanonLower));
    }

    [Fact]
    public void Keeps_custom_sections()
    {
        Assert.Contains(component.CustomSections, s => s.Name == "producers");
    }
}
