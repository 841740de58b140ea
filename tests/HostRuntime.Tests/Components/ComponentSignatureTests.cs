using WitSharp.HostRuntime.Components;

namespace WitSharp.HostRuntime.Tests.Components;

public class ComponentSignatureTests
{
    public static TheoryData<string> Builds() => new(TestFiles.CorpusBuilds());

    /// <summary>
    /// The two decoding paths must agree: the world read from a core module's component-type section and the
    /// imports/exports of the component wit-component built from it (aliases, type imports, nested shim components).
    /// A guest compiled from C also imports the WASI interfaces of its preview1 adapter, beyond its world.
    /// </summary>
    [Theory]
    [MemberData(nameof(Builds))]
    public void Component_and_embedded_world_describe_the_same_imports_and_exports(string build)
    {
        var component = ComponentSignature.Read(TestFiles.Corpus(build + ".component.wasm"));
        var embedded = ComponentSignature.Read(TestFiles.Corpus(build + ".embedded.wasm"));

        Assert.NotEmpty(component.Exports);
        Assert.Equal(embedded.Exports.Select(e => e.ToString()), component.Exports.Select(e => e.ToString()));
        if (File.Exists(Path.Combine(TestFiles.CorpusDirectory, TestFiles.CorpusWorld(build) + ".c")))
        {
            Assert.Subset(component.Imports.Select(i => i.ToString()).ToHashSet(), embedded.Imports.Select(i => i.ToString()).ToHashSet());
        }
        else
        {
            Assert.Equal(embedded.Imports.Select(i => i.ToString()), component.Imports.Select(i => i.ToString()));
        }
    }

    [Fact]
    public void Wasi_adapter_imports_are_interface_instances_with_resources()
    {
        var signature = ComponentSignature.Read(TestFiles.Corpus("wasi-guest.component.wasm"));

        Assert.Equal("run: func(n: s32) -> s32", Assert.Single(signature.Exports).ToString());
        var streams = signature.Imports.Single(i => i.Name.StartsWith("wasi:io/streams@", StringComparison.Ordinal));
        Assert.Equal("instance", streams.Kind);
        Assert.Contains("export output-stream: resource;", streams.Type);
        Assert.Contains("[method]output-stream.blocking-write-and-flush: func(self: borrow<output-stream>, contents: list<u8>) -> result<_, stream-error>", streams.Type);
    }

    [Fact]
    public void Hello_world_imports_log_and_exports_the_plugin_functions()
    {
        var signature = ComponentSignature.Read(TestFiles.HelloWorld());

        var log = Assert.Single(signature.Imports, i => i.Kind == "func");
        Assert.Equal("log: func(level: log-level, message: string)", log.ToString());
        var types = Assert.Single(signature.Imports, i => i.Kind == "instance");
        Assert.Equal("novywave:plugins/types@0.1.0", types.Name);
        Assert.Contains("export host-event: type variant { tick, filesystem-change(change-notification), config-updated(config-data) };", types.Type);
        Assert.Contains(signature.Imports, i => i.ToString() == "log-level: type enum { trace, debug, info, warn, error }");
        Assert.Equal(
            [
                "init: func(config: config-data) -> result<plugin-metadata, plugin-error>",
                "handle-event: func(event: host-event) -> result<_, plugin-error>",
                "shutdown: func()",
            ],
            signature.Exports.Select(e => e.ToString()));
    }

    [Fact]
    public void Primitive_types_print_with_their_wit_names()
    {
        var signature = ComponentSignature.Read(TestFiles.Corpus("primitives.component.wasm"));

        Assert.Equal(
            "mix: func(a: s8, b: u8, c: s16, d: u16, e: s32, f: u32, g: s64, h: u64, i: f32, j: f64, k: char, l: string) -> string",
            signature.Imports.Single(i => i.Name == "mix").ToString());
        Assert.Equal("nothing: func()", signature.Exports.Single(e => e.Name == "nothing").ToString());
        Assert.Equal("to-char: func(x: u32) -> char", signature.Exports.Single(e => e.Name == "to-char").ToString());
    }

    [Fact]
    public void Compound_types_print_structurally_with_named_references()
    {
        var shapes = ComponentSignature.Read(TestFiles.Corpus("compound.component.wasm")).Imports.Single(i => i.Name == "witsharp:compound/shapes");

        Assert.Contains("export shape: type variant { circle(tuple<point, f64>), polygon(list<point>), empty };", shapes.Type);
        Assert.Contains("export paint: func(s: shape, c: color, f: small, w: wide) -> result<option<list<option<string>>>, tuple<u8, string>>;", shapes.Type);
        Assert.Contains("export unit-results: func(a: result, b: result<u32>, c: result<_, string>) -> option<result<points, color>>;", shapes.Type);
    }

    [Fact]
    public void Resources_print_with_own_and_borrow_handles()
    {
        var signature = ComponentSignature.Read(TestFiles.Corpus("resources.component.wasm"));

        var files = signature.Imports.Single(i => i.Name == "witsharp:resources/files@1.0.0");
        Assert.Contains("export file: resource;", files.Type);
        Assert.Contains("export [static]file.merge: func(a: borrow<file>, b: own<file>) -> own<file>;", files.Type);
        Assert.Equal("make: func() -> own<file>", signature.Exports.Single(e => e.Name == "make").ToString());
        var counters = signature.Exports.Single(e => e.Name == "witsharp:resources/counters@1.0.0");
        Assert.Contains("export [method]counter.increment: func(self: borrow<counter>, by: s64);", counters.Type);
    }

    [Fact]
    public void Core_module_with_component_type_section_is_recognised()
    {
        byte[] module = TestFiles.Corpus("primitives.embedded.wasm");

        var decoded = ComponentDecoder.Decode(module);

        Assert.True(decoded.IsCoreModule);
        Assert.StartsWith("component-type", decoded.ComponentTypeSection);
        Assert.Equal(module.Length, decoded.CoreModule.Length);
        Assert.Contains(decoded.Component.CustomSections, s => s.Name == "wit-component-encoding");
        Assert.IsType<ComponentTypeDefinition>(Assert.Single(decoded.Component.Types).Type);
    }

    [Fact]
    public void Core_module_without_component_type_section_is_rejected()
    {
        byte[] module = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

        var error = Assert.Throws<ComponentFormatException>(() => ComponentSignature.Read(module));
        Assert.Contains("no component-type custom section", error.Message);
    }
}
