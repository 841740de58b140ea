namespace WitSharp.HostRuntime.Components;

/// <summary>
/// The core type index spaces the decoder does not follow: those of core module types (their own func types and
/// outer aliases of the enclosing scope's core types) and those of component and instance types (core types they
/// declare or alias). A function or tag import or export of a module type names a func type of its own space; a
/// core module import or export of a component or instance type names a module type; memory limits fit the
/// address space. An outer alias this walk cannot follow (more than one level out) leaves its type unknown, and an
/// unknown type is never rejected.
/// </summary>
internal static class CoreTypeSpaces
{
    private const ulong MaxPages32 = 65536;
    private const ulong MaxPages64 = 1UL << 48;
    private const int MaxDepth = 100;

    /// <summary>Checks the core module types of the component and the components nested in it, and the core types
    /// inside their component and instance types.</summary>
    /// <exception cref="ComponentFormatException">An index is out of bounds or names the wrong kind of core type.</exception>
    public static void Check(ComponentDefinition component) => CheckComponent(component, []);

    /// <summary>A component; <paramref name="outer"/> holds the core type spaces of the enclosing components.</summary>
    private static void CheckComponent(ComponentDefinition component, List<List<CoreTypeDefinition?>> outer)
    {
        var own = new List<CoreTypeDefinition?>();
        List<List<CoreTypeDefinition?>> scopes = [.. outer, own];
        foreach (var (sort, entry) in component.DefinitionOrder)
        {
            switch (sort, entry.Origin)
            {
                case (Sort.CoreType, CoreTypeDefinition definition):
                    CheckCoreType(definition, scopes, component.Offset);
                    own.Add(definition);
                    break;
                case (Sort.CoreType, OuterAlias alias):
                    own.Add(Outer(scopes, alias.Count, alias.Index));
                    break;
                case (Sort.CoreType, _):
                    own.Add(null);
                    break;
                case (Sort.Type, TypeDefinition { Type: InstanceTypeDefinition or ComponentTypeDefinition } definition):
                    CheckDeclarations(Declarations(definition.Type), scopes, definition.Offset);
                    break;
                case (Sort.Component, ComponentDefinition nested) when scopes.Count < MaxDepth:
                    CheckComponent(nested, scopes);
                    break;
            }
        }
    }

    private static IReadOnlyList<TypeDeclaration> Declarations(ComponentType type) =>
        type is InstanceTypeDefinition instance ? instance.Declarations : ((ComponentTypeDefinition)type).Declarations;

    /// <summary>Walks a component or instance type; <paramref name="outer"/> holds the core type spaces of the
    /// enclosing scopes, innermost last.</summary>
    private static void CheckDeclarations(IReadOnlyList<TypeDeclaration> declarations, List<List<CoreTypeDefinition?>> outer, int offset)
    {
        var own = new List<CoreTypeDefinition?>();
        List<List<CoreTypeDefinition?>> scopes = [.. outer, own];
        foreach (var declaration in declarations)
        {
            switch (declaration)
            {
                case CoreTypeDeclaration { Type: var core }:
                    CheckCoreType(core, scopes, offset);
                    own.Add(core);
                    break;
                case AliasDeclaration { Alias: OuterAlias { Sort: Sort.CoreType } alias }:
                    own.Add(Outer(scopes, alias.Count, alias.Index));
                    break;
                case TypeDeclarationOfType { Type: InstanceTypeDefinition or ComponentTypeDefinition } nested:
                    CheckDeclarations(Declarations(nested.Type), scopes, offset);
                    break;
                case ImportDeclaration { Type: { Kind: ExternKind.CoreModule } imported, Name: var importName }:
                    CheckModuleExtern(imported, own, $"import \"{importName.Name}\"", offset);
                    break;
                case ExportDeclaration { Type: { Kind: ExternKind.CoreModule } exported, Name: var exportName }:
                    CheckModuleExtern(exported, own, $"export \"{exportName.Name}\"", offset);
                    break;
            }
        }
    }

    private static void CheckModuleExtern(ExternType type, List<CoreTypeDefinition?> space, string what, int offset)
    {
        if (type.Index < (uint)space.Count && space[(int)type.Index] is { } definition and not CoreModuleType)
        {
            throw new ComponentFormatException($"{what}: core type index {type.Index} is not a module type", "type section", offset);
        }
    }

    /// <summary>Index <paramref name="index"/> of the scope <paramref name="count"/> levels out of the innermost one,
    /// null when out of reach of this walk (the decoder checked what it reaches).</summary>
    private static CoreTypeDefinition? Outer(List<List<CoreTypeDefinition?>> scopes, uint count, uint index)
    {
        var level = scopes.Count - 1 - (long)count;
        return level >= 0 && index < (uint)scopes[(int)level].Count ? scopes[(int)level][(int)index] : null;
    }

    private static void CheckCoreType(CoreTypeDefinition type, List<List<CoreTypeDefinition?>> scopes, int offset)
    {
        if (type is not CoreModuleType module)
        {
            return;
        }

        // A module type's own space; its outer aliases count from the scope the module type is defined in.
        var own = new List<CoreTypeDefinition?>();
        List<List<CoreTypeDefinition?>> withModule = [.. scopes, own];
        foreach (var declaration in module.Declarations)
        {
            switch (declaration)
            {
                case CoreTypeInModuleDeclaration { Type: var inner }:
                    own.Add(inner);
                    break;
                case CoreOuterTypeAliasDeclaration alias:
                    // Count 0 is the module type's own space, 1 the scope it is defined in.
                    var reached = alias.Count switch { 0 => own.Count, 1 => scopes[^1].Count, _ => int.MaxValue };
                    if (alias.Index >= (uint)reached)
                    {
                        throw new ComponentFormatException(
                            $"core module type: outer alias names core type index {alias.Index}, out of bounds ({reached} defined so far)", "type section", offset);
                    }

                    own.Add(Outer(withModule, alias.Count, alias.Index));
                    break;
                case CoreImportDeclaration import:
                    CheckModuleItem(import.Type, own, $"core module type import \"{import.Module}\" \"{import.Name}\"", offset);
                    break;
                case CoreExportDeclaration export:
                    CheckModuleItem(export.Type, own, $"core module type export \"{export.Name}\"", offset);
                    break;
            }
        }
    }

    private static void CheckModuleItem(CoreExternType type, List<CoreTypeDefinition?> space, string what, int offset)
    {
        var typeIndex = type switch
        {
            CoreFuncExtern func => (uint?)func.TypeIndex,
            CoreTagExtern tag => tag.TypeIndex,
            _ => null,
        };
        if (typeIndex is { } index)
        {
            if (index >= (uint)space.Count)
            {
                throw new ComponentFormatException($"{what}: type index {index} out of bounds ({space.Count} defined so far)", "type section", offset);
            }

            if (space[(int)index] is { } definition and not CoreFuncType)
            {
                throw new ComponentFormatException($"{what}: core type index {index} is not a function type", "type section", offset);
            }
        }

        if (type is CoreMemoryExtern { Limits: var limits })
        {
            var maxPages = limits.Is64 ? MaxPages64 : MaxPages32;
            if (limits.Minimum > maxPages || limits.Maximum > maxPages)
            {
                throw new ComponentFormatException($"{what}: memory size must be at most {maxPages} pages", "type section", offset);
            }
        }
    }
}
