using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Components;

/// <summary>
/// A loaded WebAssembly component: decoded, checked against the supported subset and with its core modules compiled,
/// ready to be instantiated any number of times by a <see cref="ComponentLinker"/>. The supported subset is what
/// <c>wasm-tools component new</c> (wit-component) emits: core modules (main, shim, fixup, adapters), core instances,
/// aliases, <c>canon lift</c>/<c>lower</c>, <c>resource.new/drop/rep</c>, type definitions, imported and exported
/// instances and functions, and the re-exporting shim components it instantiates for exported interfaces. A core module
/// carrying a <c>component-type</c> custom section (what wit-bindgen emits before <c>component new</c>) is accepted too:
/// it is instantiated as the component wit-component would make of it, by the Canonical ABI's core naming conventions.
/// </summary>
public sealed class Component
{
    private Component(Engine engine, ComponentDefinition definition, TypeScope scope, IReadOnlyDictionary<CoreModuleDefinition, Module> modules)
    {
        Engine = engine;
        Definition = definition;
        Modules = modules;
        Scope = scope;
        Signature = ComponentSignature.FromComponent(definition);
    }

    private Component(Engine engine, ComponentDefinition metadata, Module embeddedModule)
    {
        Engine = engine;
        Definition = metadata;
        Modules = new Dictionary<CoreModuleDefinition, Module>();
        Scope = TypeScope.ForComponent(metadata);
        Signature = ComponentSignature.FromWorldMetadata(metadata);
        EmbeddedWorld = ComponentSignature.WorldScope(metadata);
        EmbeddedModule = embeddedModule;
    }

    /// <summary>The engine the component's core modules were compiled for.</summary>
    public Engine Engine { get; }

    /// <summary>The component's imports and exports with their WIT-like types.</summary>
    public ComponentSignature Signature { get; }

    internal ComponentDefinition Definition { get; }

    internal TypeScope Scope { get; }

    internal IReadOnlyDictionary<CoreModuleDefinition, Module> Modules { get; }

    /// <summary>For a core module with a component-type section: the world it was built for, else null.</summary>
    internal TypeScope? EmbeddedWorld { get; }

    /// <summary>For a core module with a component-type section: the module itself, else null.</summary>
    internal Module? EmbeddedModule { get; }

    /// <summary>Loads a component from its binary.</summary>
    /// <param name="engine">The engine that compiles and runs its core modules.</param>
    /// <param name="binary">The component's bytes.</param>
    /// <returns>The component.</returns>
    /// <exception cref="ComponentFormatException">The binary is malformed, is a core module without a component-type
    /// section or importing anything but functions, names a type of the wrong kind, or uses a construct outside the
    /// supported subset (<see cref="UnsupportedComponentFeatureException"/> names it).</exception>
    /// <exception cref="ModuleLoadException">An embedded core module is malformed or invalid.</exception>
    public static Component FromBytes(Engine engine, byte[] binary)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var decoded = ComponentDecoder.Decode(binary);
        if (decoded.IsCoreModule)
        {
            var world = ComponentSignature.WorldScope(decoded.Component);
            foreach (var (_, name, type) in world.Externs)
            {
                ComponentValidator.CheckExtern(type, world, $"world item \"{name.Name}\"", decoded.Component);
            }

            var embedded = Module.FromBytes(engine, binary);
            if (embedded.Imports.FirstOrDefault(i => i.Kind != ExternalKind.Function) is { } nonFunction)
            {
                // What wit-component accepts as a main module; WASI preview1 adapters import their memory.
                throw new ComponentFormatException(
                    $"core module imports \"{nonFunction.Module}\" \"{nonFunction.Name}\" ({nonFunction.DescribeType()}); a module built for a world imports only functions (an adapter is an input to `component new`, not a component)",
                    "core module",
                    0);
            }

            return new Component(engine, decoded.Component, embedded);
        }

        // Validity first, so an invalid component is reported as such even when it also uses unsupported constructs.
        var scope = TypeScope.ForComponent(decoded.Component);
        ComponentValidator.ValidateTypes(decoded.Component, scope);
        ImportedInstanceAliases.Check(decoded.Component, scope);
        SupportedSubset.Check(decoded.Component, nested: false);
        var modules = new Dictionary<CoreModuleDefinition, Module>();
        foreach (var module in decoded.Component.CoreModules)
        {
            modules.Add(module, Module.FromBytes(engine, module.Binary.ToArray()));
        }

        ComponentValidator.ValidateCore(decoded.Component, scope, modules);

        return new Component(engine, decoded.Component, scope, modules);
    }

    /// <summary>Loads a component from a file.</summary>
    /// <param name="engine">The engine that compiles and runs its core modules.</param>
    /// <param name="path">The file's path.</param>
    /// <returns>The component.</returns>
    /// <exception cref="ComponentFormatException">See <see cref="FromBytes"/>.</exception>
    public static Component FromFile(Engine engine, string path) => FromBytes(engine, File.ReadAllBytes(path));

    /// <summary>Rejects, at load, every construct the instantiation program does not carry out.</summary>
    private static class SupportedSubset
    {
        public static void Check(ComponentDefinition component, bool nested)
        {
            if (component.Values.Count > 0 || component.Starts.Count > 0)
            {
                throw Unsupported(component.Starts.Count > 0 ? "component start function" : "component value definition", component);
            }

            foreach (var (sort, entry) in component.DefinitionOrder)
            {
                switch (entry.Origin)
                {
                    case ComponentDefinition child:
                        if (nested)
                        {
                            throw Unsupported("component nested inside a nested component", component);
                        }

                        CheckReexportShim(child);
                        break;
                    case ComponentInstantiate when nested:
                        throw Unsupported("component instantiation inside a nested component", component);
                    case CanonLower lower when component.IndexSpace(Sort.Func)[(int)lower.Func].Origin is CanonLift:
                        throw Unsupported("canon lower of a function lifted by the same component", component);
                    case ImportDefinition import when sort is Sort.Component or Sort.CoreModule or Sort.Value:
                        throw Unsupported($"import of a {ComponentDecoder.SortName(sort)} (\"{import.Name}\")", component);
                    case ExportDefinition export when sort is Sort.Component or Sort.CoreModule or Sort.Value:
                        throw Unsupported($"export of a {ComponentDecoder.SortName(sort)} (\"{export.Name}\")", component);
                }
            }
        }

        /// <summary>wit-component wraps each exported interface in a component that imports functions and types and
        /// re-exports them with their interface's types: nothing else may appear inside.</summary>
        private static void CheckReexportShim(ComponentDefinition child)
        {
            if (child.CoreModules.Count > 0 || child.CoreInstances.Count > 0 || child.Canons.Count > 0 || child.Instances.Count > 0)
            {
                throw Unsupported("nested component with its own core modules, instances or canon definitions", child);
            }

            if (child.Types.Any(t => t.Type is ResourceType))
            {
                throw Unsupported("resource type defined inside a nested component", child);
            }

            Check(child, nested: true);
        }

        private static UnsupportedComponentFeatureException Unsupported(string construct, ComponentDefinition component) =>
            new(construct, "component", component.Offset);
    }

    /// <summary>An alias of an imported instance's export names an export its instance type declares, of the alias's
    /// sort: instantiation looks the export up by that name and sort.</summary>
    private static class ImportedInstanceAliases
    {
        public static void Check(ComponentDefinition component, TypeScope scope)
        {
            foreach (var alias in component.Aliases.OfType<InstanceExportAlias>())
            {
                CheckAlias(alias, component, scope);
            }
        }

        private static void CheckAlias(InstanceExportAlias alias, ComponentDefinition component, TypeScope scope)
        {
            if (component.IndexSpace(Sort.Instance)[(int)alias.Instance].Origin is not ImportDefinition { Type.Kind: ExternKind.Instance } import
                || scope.InstanceTypeScope(import.Type.Index) is not { } instance)
            {
                return;
            }

            var declared = instance.Externs.FirstOrDefault(e => e.Name.Name == alias.Name);
            var sort = ComponentDecoder.SortName(alias.Sort);
            if (declared.Name is null)
            {
                throw new ComponentFormatException($"alias of \"{alias.Name}\" as {sort}: the imported instance \"{import.Name.Name}\" declares no such export", "component", component.Offset);
            }

            if (declared.Type.Sort != alias.Sort)
            {
                throw new ComponentFormatException(
                    $"alias of \"{alias.Name}\" as {sort}: the imported instance \"{import.Name.Name}\" exports it as {ComponentDecoder.SortName(declared.Type.Sort)}", "component", component.Offset);
            }
        }
    }
}
