namespace WitSharp.HostRuntime.Components;

/// <summary>What a component binary imports and exports, with types printed in WIT-like syntax.</summary>
public sealed class ComponentSignature
{
    private ComponentSignature(IReadOnlyList<ComponentItem> imports, IReadOnlyList<ComponentItem> exports)
    {
        Imports = imports;
        Exports = exports;
    }

    /// <summary>The component's imports in binary order.</summary>
    public IReadOnlyList<ComponentItem> Imports { get; }

    /// <summary>The component's exports in binary order.</summary>
    public IReadOnlyList<ComponentItem> Exports { get; }

    /// <summary>
    /// Reads the imports and exports of a component binary, or of a core module carrying a
    /// <c>component-type</c> custom section (the world it was built for).
    /// </summary>
    /// <param name="binary">The bytes of the component or core module.</param>
    /// <exception cref="ComponentFormatException">The binary is malformed or uses an unsupported construct.</exception>
    public static ComponentSignature Read(byte[] binary)
    {
        var decoded = ComponentDecoder.Decode(binary);
        return decoded.IsCoreModule ? FromWorldMetadata(decoded.Component) : FromComponent(decoded.Component);
    }

    internal static ComponentSignature FromComponent(ComponentDefinition component)
    {
        var scope = TypeScope.ForComponent(component);
        var imports = component.Imports.Select(i => Item(i.Name, i.Type, scope)).ToList();
        var exports = component.Exports.Select(e => ExportItem(e, component, scope)).ToList();
        return new ComponentSignature(imports, exports);
    }

    internal static ComponentSignature FromWorldMetadata(ComponentDefinition metadata)
    {
        var world = WorldScope(metadata);
        var imports = world.Externs.Where(e => e.IsImport).Select(e => Item(e.Name, e.Type, world)).ToList();
        var exports = world.Externs.Where(e => !e.IsImport).Select(e => Item(e.Name, e.Type, world)).ToList();
        return new ComponentSignature(imports, exports);
    }

    /// <summary>
    /// wit-component encodes a world as a component type exporting one component type (the world); the world's
    /// own imports and exports are that inner type's declarators.
    /// </summary>
    internal static TypeScope WorldScope(ComponentDefinition metadata)
    {
        var scope = TypeScope.ForComponent(metadata);
        foreach (var definition in metadata.Types)
        {
            if (definition.Type is not ComponentTypeDefinition wrapper)
            {
                continue;
            }

            var wrapperScope = TypeScope.ForDeclarations(wrapper.Declarations, scope);
            foreach (var (_, _, type) in wrapperScope.Externs)
            {
                if (type.Kind == ExternKind.Component && wrapperScope.Type(type.Index) is { Definition: ComponentTypeDefinition world, Scope: { } worldParent })
                {
                    return TypeScope.ForDeclarations(world.Declarations, worldParent);
                }
            }
        }

        throw new ComponentFormatException("component-type section does not describe a world (no exported component type)", "component-type custom section", metadata.Offset);
    }

    private static ComponentItem Item(ExternName name, ExternType type, TypeScope scope) =>
        new(name.Name, KindName(type.Kind), new WitPrinter().Extern(type, scope));

    private static ComponentItem ExportItem(ExportDefinition export, ComponentDefinition component, TypeScope scope)
    {
        if (export.AscribedType is { } ascribed)
        {
            return Item(export.Name, ascribed, scope);
        }

        string type = export.Sort switch
        {
            Sort.Func => component.IndexSpace(Sort.Func)[(int)export.Index].Origin switch
            {
                CanonLift lift => new WitPrinter().Extern(new ExternType(ExternKind.Func, lift.FuncType), scope),
                ImportDefinition import => new WitPrinter().Extern(import.Type, scope),
                _ => "func",
            },
            Sort.Type => new WitPrinter().Extern(new ExternType(ExternKind.Type, export.Index), scope),
            Sort.Instance => InstanceText(component.IndexSpace(Sort.Instance)[(int)export.Index].Origin, component, scope),
            _ => ComponentDecoder.SortName(export.Sort),
        };
        return new ComponentItem(export.Name.Name, ComponentDecoder.SortName(export.Sort), type);
    }

    /// <summary>An exported instance: what it exports, as far as can be told without instantiating anything.</summary>
    private static string InstanceText(object origin, ComponentDefinition component, TypeScope scope) => origin switch
    {
        ImportDefinition import => new WitPrinter().Extern(import.Type, scope),
        ComponentInstantiate { Component: var index } when component.IndexSpace(Sort.Component)[(int)index].Origin is ComponentDefinition nested =>
            $"instance {{ {string.Join(" ", FromComponent(nested).Exports.Select(e => $"export {e};"))} }}",
        InstanceFromExports inline => $"instance {{ {string.Join(" ", inline.Exports.Select(e => $"export {e.Name.Name}: {ComponentDecoder.SortName(e.Sort)};"))} }}",
        _ => "instance",
    };

    private static string KindName(ExternKind kind) => kind switch
    {
        ExternKind.CoreModule => "core module",
        ExternKind.Func => "func",
        ExternKind.Type => "type",
        ExternKind.Component => "component",
        _ => "instance",
    };
}

/// <summary>One import or export of a component.</summary>
/// <param name="Name">The import/export name, e.g. <c>log</c> or <c>wasi:cli/stdout@0.2.0</c>.</param>
/// <param name="Kind">func, instance, type, component, value or core module.</param>
/// <param name="Type">The type in WIT-like syntax, e.g. <c>func(level: log-level, message: string)</c>.</param>
public sealed record ComponentItem(string Name, string Kind, string Type)
{
    /// <summary>"name: type", as diagnostics print it.</summary>
    public override string ToString() => $"{Name}: {Type}";
}
