namespace WitSharp.HostRuntime.Components;

/// <summary>
/// The component model's naming rule for imports and exports (Explainer.md, "type visibility"): every record,
/// variant, enum and flags type and every resource that an imported or exported item's type reaches (through
/// tuples, lists, options, results and handles, which need no name of their own) must itself have been imported, or,
/// for an export, imported or exported, earlier in the same component or component type. A type's name is tied to
/// the type index an import or export introduced (its identity), not to the definition it is equal to, so
/// <c>(export "t" (type $t))</c> names the new index and leaves <c>$t</c> unnamed. Types this runtime cannot resolve
/// (aliases into instances it does not model) are taken as named: the rule never rejects on a guess.
/// The same walk checks annotated names against the resource names of its context (<see cref="ResourceNames"/>).
/// </summary>
internal sealed class TypeVisibility
{
    private readonly HashSet<TypeEntry> imported = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<TypeEntry> exported = new(ReferenceEqualityComparer.Instance);
    private readonly ResourceNames importedResources = new();
    private readonly ResourceNames exportedResources = new();

    /// <summary>Checks the imports and exports of a component and of the components nested in it, in binary order
    /// (names given in an enclosing component confer none inside a nested one).</summary>
    /// <exception cref="ComponentFormatException">An import or export reaches a type that has no name.</exception>
    public static void CheckComponent(ComponentDefinition component, TypeScope scope)
    {
        foreach (var nested in component.Components)
        {
            CheckComponent(nested, TypeScope.ForNestedComponent(nested, scope));
        }

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
                var func = sort == Sort.Func ? ComponentValidator.FuncTypeOfItem(entry.Origin, component, scope) : null;
                var problem = sort switch
                {
                    Sort.Type => visibility.RegisterTopLevel(name, scope.Type(types), isImport),
                    Sort.Instance => visibility.InstanceProblem(scope.Instance(instances), isImport)
                        ?? (entry.Origin is ExportDefinition { Index: var inline } && component.IndexSpace(Sort.Instance)[(int)inline].Origin is InstanceFromExports fromExports
                            ? visibility.InlineInstanceProblem(fromExports, component, scope)
                            : null),
                    Sort.Func => visibility.FuncProblem(func, isImport),
                    _ => null,
                };
                if (problem is not null)
                {
                    throw new ComponentFormatException(
                        $"{ComponentDecoder.SortName(sort)} not valid to be used as {(isImport ? "import" : "export")} (\"{name}\"): {problem}", "component", component.Offset);
                }

                if (visibility.Resources(isImport).AnnotationProblem(name, sort == Sort.Func, func) is { } annotationProblem)
                {
                    throw new ComponentFormatException($"{(isImport ? "import" : "export")} name `{name}` is not valid: {annotationProblem}", "component", component.Offset);
                }
            }

            if (entry.Origin is InstanceFromExports bag && InlineAnnotationProblem(bag, component, scope) is var (exportName, inlineProblem))
            {
                throw new ComponentFormatException($"inline instance export name `{exportName}` is not valid: {inlineProblem}", "component", component.Offset);
            }

            types += sort == Sort.Type ? 1u : 0;
            instances += sort == Sort.Instance ? 1u : 0;
        }
    }

    /// <summary>
    /// Why an annotated export of an inline instance does not fit. Binary.md checks the resource of a
    /// <c>[constructor]</c>, <c>[method]</c> or <c>[static]</c> name against the resources imported or exported in the
    /// same component, component type or instance type; a bag of exports is none of these and introduces no type index,
    /// so no resource has a name in it (wasm-tools validates it in an empty name context) and such an export never fits.
    /// </summary>
    private static (string Name, string Problem)? InlineAnnotationProblem(InstanceFromExports instance, ComponentDefinition component, TypeScope scope)
    {
        var unnamed = new ResourceNames();
        foreach (var export in instance.Exports)
        {
            var isFunc = export.Sort == Sort.Func;
            var func = isFunc ? ComponentValidator.FuncTypeOfItem(component.IndexSpace(Sort.Func)[(int)export.Index].Origin, component, scope) : null;
            if (unnamed.AnnotationProblem(export.Name.Name, isFunc, func) is { } problem)
            {
                return (export.Name.Name, problem);
            }
        }

        return null;
    }

    /// <summary>Checks the imports and exports a component type or instance type declares, in declaration order
    /// (instance types only for the resource names of annotated names: their members are named by the import or
    /// export of the instance).</summary>
    /// <exception cref="ComponentFormatException">A declared import or export reaches a type that has no name.</exception>
    public static void CheckDeclarations(IReadOnlyList<TypeDeclaration> declarations, TypeScope scope, int offset, bool isInstanceType)
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
                var func = type!.Kind == ExternKind.Func ? ComponentValidator.FuncTypeAt(type.Index, scope) : null;
                var owner = isInstanceType ? "instance type" : "component type";
                var problem = type.Kind switch
                {
                    ExternKind.Type when isInstanceType => visibility.Resources(isImport).Register(name, scope.Type(types)),
                    ExternKind.Type => visibility.RegisterTopLevel(name, scope.Type(types), isImport),
                    ExternKind.Instance when !isInstanceType => visibility.InstanceProblem(scope.Instance(instances), isImport),
                    ExternKind.Func when !isInstanceType => visibility.FuncProblem(func, isImport),
                    _ => null,
                };
                if (problem is not null)
                {
                    throw new ComponentFormatException(
                        $"{owner} {(isImport ? "import" : "export")} \"{name}\": {ComponentDecoder.SortName(type.Sort)} not valid to be used as {(isImport ? "import" : "export")}: {problem}", "type section", offset);
                }

                if (visibility.Resources(isImport).AnnotationProblem(name, type.Kind == ExternKind.Func, func) is { } annotationProblem)
                {
                    throw new ComponentFormatException($"{owner} {(isImport ? "import" : "export")} name `{name}` is not valid: {annotationProblem}", "type section", offset);
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

    private ResourceNames Resources(bool isImport) => isImport ? importedResources : exportedResources;

    /// <summary>A type imported or exported by name: a resource gets that name for annotated names.</summary>
    private string? RegisterTopLevel(string name, TypeEntry? created, bool isImport)
    {
        Resources(isImport).Register(name, created);
        return Register(created, isImport);
    }

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
                ExternKind.Func => FuncProblem(ComponentValidator.FuncTypeAt(type.Index, instance), isImport),
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
                Sort.Func => FuncProblem(ComponentValidator.FuncTypeOfItem(component.IndexSpace(Sort.Func)[(int)export.Index].Origin, component, scope), isImport: false),
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
                ExternKind.Func => FuncProblem(ComponentValidator.FuncTypeAt(type.Index, instance), names),
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

    /// <summary>The names resources were imported (or exported) under, which annotated names must use
    /// (<c>[constructor]r</c>, <c>[method]r.f</c>, <c>[static]r.f</c>).</summary>
    private sealed class ResourceNames
    {
        private readonly Dictionary<TypeEntry, string> byResource = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<string> names = new(StringComparer.Ordinal);

        /// <summary>Gives a resource type index its name; other types are ignored. Returns null (no problem) so it
        /// composes with the visibility checks.</summary>
        public string? Register(string name, TypeEntry? entry)
        {
            if (entry is { Definition: ResourceType } or { IsAbstractResource: true })
            {
                byResource.TryAdd(entry, name);
                names.Add(name);
            }

            return null;
        }

        /// <summary>Why an annotated name does not fit its item: a constructor returns <c>own&lt;r&gt;</c> (or a
        /// result of it), a method takes <c>self: borrow&lt;r&gt;</c> first, a static function names a known resource,
        /// and <c>r</c> is the name the handle's resource has here. Null for plain names and fitting items.</summary>
        public string? AnnotationProblem(string name, bool isFunc, (FuncType Type, TypeScope Scope)? func)
        {
            if (ExternNames.ResourceAnnotation(name) is not var (annotation, resource))
            {
                return null;
            }

            if (!isFunc)
            {
                return "item is not a func";
            }

            if (func is not var (type, scope))
            {
                return null;
            }

            switch (annotation)
            {
                case "constructor":
                    if (type.Result is not { } result)
                    {
                        return "function should return one value";
                    }

                    var returned = Handle(result, scope, owned: true);
                    if (returned is null && Defined(result, scope) is ({ Definition: ResultType { Ok: { } ok } }, { } resultScope))
                    {
                        returned = Handle(ok, resultScope, owned: true);
                    }

                    return returned is { } constructed ? NameProblem(constructed, resource) : Resolves(result, scope) ? "function should return `(own $T)` or `(result (own $T))`" : null;
                case "method":
                    if (type.Params.Count == 0)
                    {
                        return "function should have at least one argument";
                    }

                    if (type.Params[0].Name != "self")
                    {
                        return "function should have a first argument called `self`";
                    }

                    return Handle(type.Params[0].Type, scope, owned: false) is { } borrowed ? NameProblem(borrowed, resource)
                        : Resolves(type.Params[0].Type, scope) ? "function should take a first argument of `(borrow $T)`" : null;
                default:
                    return names.Contains(resource) ? null : "static resource name is not known in this context";
            }
        }

        private string? NameProblem(TypeEntry handled, string resource)
        {
            if (handled is { Definition: null, IsAbstractResource: false })
            {
                return null; // a resource this runtime cannot resolve
            }

            if (!byResource.TryGetValue(handled, out var expected))
            {
                return "resource used in function does not have a name in this context";
            }

            return expected == resource ? null : $"function does not match expected resource name `{expected}`";
        }

        /// <summary>The resource of an <c>own</c> (or <c>borrow</c>) handle type; null for any other type.</summary>
        private static TypeEntry? Handle(ComponentValType value, TypeScope scope, bool owned) => Defined(value, scope) switch
        {
            ({ Definition: OwnType own }, { } ownScope) when owned => ownScope.Type(own.Resource),
            ({ Definition: BorrowType borrow }, { } borrowScope) when !owned => borrowScope.Type(borrow.Resource),
            _ => null,
        };

        private static (TypeEntry? Entry, TypeScope? Scope) Defined(ComponentValType value, TypeScope scope) =>
            value.Primitive is null && scope.Type(value.TypeIndex) is { } entry ? (entry, entry.Scope) : (null, null);

        /// <summary>Whether the type is known well enough to say it is not a handle.</summary>
        private static bool Resolves(ComponentValType value, TypeScope scope) => value.Primitive is not null || scope.Type(value.TypeIndex) is { Definition: not null };
    }
}
