namespace WitSharp.HostRuntime.Components;

/// <summary>
/// The component model's naming rule for imports and exports (Explainer.md, "type visibility"): every record,
/// variant, enum and flags type and every resource that an imported or exported item's type reaches (through
/// tuples, lists, options, results and handles, which need no name of their own) must itself have been imported, or,
/// for an export, imported or exported, earlier in the same component or component type. A type's name is tied to
/// the type index an import or export introduced (its identity), not to the definition it is equal to, so
/// <c>(export "t" (type $t))</c> names the new index and leaves <c>$t</c> unnamed. Types this runtime cannot resolve
/// (aliases into instances it does not model) are taken as named: the rule never rejects on a guess.
/// </summary>
internal sealed class TypeVisibility
{
    private readonly HashSet<TypeEntry> imported = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<TypeEntry> exported = new(ReferenceEqualityComparer.Instance);

    /// <summary>Checks the imports and exports of a component, in binary order.</summary>
    /// <exception cref="ComponentFormatException">An import or export reaches a type that has no name.</exception>
    public static void CheckComponent(ComponentDefinition component, TypeScope scope)
    {
        var visibility = new TypeVisibility();
        uint types = 0, instances = 0;
        foreach (var (sort, entry) in component.DefinitionOrder)
        {
            var (isImport, name) = entry.Origin switch
            {
                ImportDefinition import => (true, import.Name.Name),
                ExportDefinition export => (false, export.Name.Name),
                _ => (false, null),
            };
            if (name is not null)
            {
                var problem = sort switch
                {
                    Sort.Type => visibility.Register(scope.Type(types), isImport),
                    Sort.Instance => visibility.InstanceProblem(scope.Instance(instances), isImport)
                        ?? (entry.Origin is ExportDefinition { Index: var inline } && component.IndexSpace(Sort.Instance)[(int)inline].Origin is InstanceFromExports fromExports
                            ? visibility.InlineInstanceProblem(fromExports, component, scope)
                            : null),
                    Sort.Func => visibility.FuncProblem(FuncTypeOf(entry.Origin, component, scope), isImport),
                    _ => null,
                };
                if (problem is not null)
                {
                    throw new ComponentFormatException(
                        $"{ComponentDecoder.SortName(sort)} not valid to be used as {(isImport ? "import" : "export")} (\"{name}\"): {problem}", "component", component.Offset);
                }
            }

            types += sort == Sort.Type ? 1u : 0;
            instances += sort == Sort.Instance ? 1u : 0;
        }
    }

    /// <summary>Checks the imports and exports a component type declares, in declaration order.</summary>
    /// <exception cref="ComponentFormatException">A declared import or export reaches a type that has no name.</exception>
    public static void CheckComponentType(IReadOnlyList<TypeDeclaration> declarations, TypeScope scope, int offset)
    {
        var visibility = new TypeVisibility();
        uint types = 0, instances = 0;
        foreach (var declaration in declarations)
        {
            var (isImport, name, type) = declaration switch
            {
                ImportDeclaration import => (true, import.Name.Name, import.Type),
                ExportDeclaration export => (false, export.Name.Name, export.Type),
                _ => (false, null, null),
            };
            if (name is not null)
            {
                var problem = type!.Kind switch
                {
                    ExternKind.Type => visibility.Register(scope.Type(types), isImport),
                    ExternKind.Instance => visibility.InstanceProblem(scope.Instance(instances), isImport),
                    ExternKind.Func => visibility.FuncProblem(FuncTypeAt(type.Index, scope), isImport),
                    _ => null,
                };
                if (problem is not null)
                {
                    throw new ComponentFormatException(
                        $"component type {(isImport ? "import" : "export")} \"{name}\": {ComponentDecoder.SortName(type.Sort)} not valid to be used as {(isImport ? "import" : "export")}: {problem}", "type section", offset);
                }
            }

            var introduces = declaration switch
            {
                TypeDeclarationOfType => Sort.Type,
                AliasDeclaration { Alias.Sort: var aliased } => aliased,
                ImportDeclaration { Type: var declared } => declared.Sort,
                ExportDeclaration { Type: var declared } => declared.Sort,
                _ => Sort.CoreType,
            };
            types += introduces == Sort.Type ? 1u : 0;
            instances += introduces == Sort.Instance ? 1u : 0;
        }
    }

    private HashSet<TypeEntry> Names(bool isImport) => isImport ? imported : exported;

    /// <summary>A type import or export: what its definition reaches must be named; then the new index is named
    /// (an imported name serves exports too).</summary>
    private string? Register(TypeEntry? created, bool isImport)
    {
        if (created is null)
        {
            return null;
        }

        if (ContentsProblem(created, Names(isImport)) is { } problem)
        {
            return problem;
        }

        exported.Add(created);
        if (isImport)
        {
            imported.Add(created);
        }

        return null;
    }

    /// <summary>An imported or exported instance: its exports are checked and named in order, as if each were an
    /// import or export of this component.</summary>
    private string? InstanceProblem(TypeScope? instance, bool isImport)
    {
        if (instance is null)
        {
            return null;
        }

        foreach (var (_, name, type) in instance.Externs)
        {
            var problem = type.Kind switch
            {
                ExternKind.Type => Register(instance.ExternTypeEntry(name.Name), isImport),
                ExternKind.Func => FuncProblem(FuncTypeAt(type.Index, instance), isImport),
                ExternKind.Instance => InstanceProblem(instance.ExternInstance(name.Name), isImport),
                _ => null,
            };
            if (problem is not null)
            {
                return $"instance export \"{name.Name}\": {problem}";
            }
        }

        return null;
    }

    /// <summary>An exported instance built from inline exports (<c>(instance (export ...))</c>) of this component's
    /// items.</summary>
    private string? InlineInstanceProblem(InstanceFromExports instance, ComponentDefinition component, TypeScope scope)
    {
        foreach (var export in instance.Exports)
        {
            var problem = export.Sort switch
            {
                Sort.Type => Register(scope.Type(export.Index), isImport: false),
                Sort.Func => FuncProblem(FuncTypeOf(component.IndexSpace(Sort.Func)[(int)export.Index].Origin, component, scope), isImport: false),
                _ => null,
            };
            if (problem is not null)
            {
                return $"instance export \"{export.Name.Name}\": {problem}";
            }
        }

        return null;
    }

    private string? FuncProblem((FuncType Type, TypeScope Scope)? func, bool isImport) => FuncProblem(func, Names(isImport));

    private static string? FuncProblem((FuncType Type, TypeScope Scope)? func, HashSet<TypeEntry> names)
    {
        if (func is not var (type, scope))
        {
            return null;
        }

        foreach (var parameter in type.Params)
        {
            if (UnnamedIn(parameter.Type, scope, names) is { } unnamed)
            {
                return $"parameter \"{parameter.Name}\" refers to {unnamed}";
            }
        }

        return type.Result is { } result && UnnamedIn(result, scope, names) is { } unnamedResult ? $"the result refers to {unnamedResult}" : null;
    }

    /// <summary>What a type definition reaches that has no name (the definition itself needs none).</summary>
    private static string? ContentsProblem(TypeEntry entry, HashSet<TypeEntry> names)
    {
        if (entry.Scope is not { } scope)
        {
            return null;
        }

        switch (entry.Definition)
        {
            case OwnType own:
                return Unnamed(scope.Type(own.Resource), names) is { } ownUnnamed ? $"the handle refers to {ownUnnamed}" : null;
            case BorrowType borrow:
                return Unnamed(scope.Type(borrow.Resource), names) is { } borrowUnnamed ? $"the handle refers to {borrowUnnamed}" : null;
            case FuncType func:
                return FuncProblem((func, scope), names);
            case InstanceTypeDefinition instance:
                return InstanceTypeProblem(TypeScope.ForDeclarations(instance.Declarations, scope), names);
        }

        foreach (var value in ComponentValidator.ValueTypesIn(entry.Definition!))
        {
            if (value is { } member && UnnamedIn(member, scope, names) is { } unnamed)
            {
                return $"it refers to {unnamed}";
            }
        }

        return null;
    }

    /// <summary>An instance type used as the type of an exported or imported type: every member must reach only named
    /// types (its own exported types are not names in this context).</summary>
    private static string? InstanceTypeProblem(TypeScope instance, HashSet<TypeEntry> names)
    {
        foreach (var (_, name, type) in instance.Externs)
        {
            var problem = type.Kind switch
            {
                ExternKind.Type when instance.ExternTypeEntry(name.Name) is { } member => ContentsProblem(member, names),
                ExternKind.Func => FuncProblem(FuncTypeAt(type.Index, instance), names),
                ExternKind.Instance when instance.ExternInstance(name.Name) is { } nested => InstanceTypeProblem(nested, names),
                _ => null,
            };
            if (problem is not null)
            {
                return $"instance type export \"{name.Name}\": {problem}";
            }
        }

        return null;
    }

    /// <summary>A description of the unnamed type a value type reaches, or null when all it reaches is named.</summary>
    private static string? UnnamedIn(ComponentValType value, TypeScope scope, HashSet<TypeEntry> names) =>
        value.Primitive is null ? Unnamed(scope.Type(value.TypeIndex), names, value.TypeIndex) : null;

    private static string? Unnamed(TypeEntry? entry, HashSet<TypeEntry> names, uint? index = null)
    {
        if (entry is null || entry.Scope is not { } scope)
        {
            return null;
        }

        var what = index is { } known ? $" (type {known})" : string.Empty;
        switch (entry.Definition)
        {
            case null when entry.IsAbstractResource:
            case ResourceType:
                return names.Contains(entry) ? null : $"a resource{what} that has no name in this context";
            case RecordType or VariantType or EnumType or FlagsType:
                return names.Contains(entry) ? null : $"{DescribeNamed(entry.Definition)}{what} that has no name in this context";
            case OwnType own:
                return Unnamed(scope.Type(own.Resource), names, own.Resource);
            case BorrowType borrow:
                return Unnamed(scope.Type(borrow.Resource), names, borrow.Resource);
            case TupleType or ListType or OptionType or ResultType:
                return ComponentValidator.ValueTypesIn(entry.Definition).Select(v => v is { } member ? UnnamedIn(member, scope, names) : null).FirstOrDefault(u => u is not null);
            default:
                return null;
        }
    }

    private static string DescribeNamed(ComponentType type) => type switch
    {
        RecordType => "a record",
        VariantType => "a variant",
        EnumType => "an enum",
        _ => "a flags type",
    };

    private static (FuncType, TypeScope)? FuncTypeAt(uint typeIndex, TypeScope scope) =>
        scope.Type(typeIndex) is { Definition: FuncType func, Scope: { } funcScope } ? (func, funcScope) : null;

    /// <summary>The type of an imported or exported function: the import's type, an export's ascribed type, or the
    /// type of the function an export names.</summary>
    private static (FuncType, TypeScope)? FuncTypeOf(object origin, ComponentDefinition component, TypeScope scope) => origin switch
    {
        ImportDefinition import => FuncTypeAt(import.Type.Index, scope),
        ExportDefinition { AscribedType: { } ascribed } => FuncTypeAt(ascribed.Index, scope),
        ExportDefinition export => FuncTypeOf(component.IndexSpace(Sort.Func)[(int)export.Index].Origin, component, scope),
        _ => ComponentValidator.FunctionTypeOf(origin, scope) is ({ } func, { } funcScope) ? (func, funcScope) : null,
    };
}
