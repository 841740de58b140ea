using WitSharp.Wasm;
using WasmValueType = WitSharp.Wasm.ValueType;

namespace WitSharp.HostRuntime.Components;

/// <summary>
/// The validation rules of the component model that the decoder's index checks do not cover and that instantiation
/// or the Canonical ABI rely on: what a type index used as a function, instance, component or resource must be,
/// which canonical options a signature needs, and the core types of everything <c>canon</c> definitions name.
/// Runs on the outermost component; a type it cannot resolve (an alias into an instance it does not model) is left
/// to instantiation, never guessed.
/// </summary>
internal static class ComponentValidator
{
    private const int MaxValueNesting = 100;
    private const long MaxTypeSize = 1_000_000;

    private static readonly FunctionType ReallocType = new([WasmValueType.I32, WasmValueType.I32, WasmValueType.I32, WasmValueType.I32], [WasmValueType.I32]);
    private static readonly FunctionType DestructorType = new([WasmValueType.I32], []);
    private static readonly FunctionType ResourceNewType = new([WasmValueType.I32], [WasmValueType.I32]);

    /// <summary>Checks the component's types, imports, exports and canon definitions; needs no compiled modules.</summary>
    /// <exception cref="ComponentFormatException">A rule is broken; the message names the definition.</exception>
    public static void ValidateTypes(ComponentDefinition component, TypeScope scope)
    {
        var measured = new Dictionary<ComponentType, TypeMeasure>(ReferenceEqualityComparer.Instance);
        foreach (var definition in component.Types)
        {
            CheckDefinedType(definition.Type, scope, definition.Offset, depth: 0, measured);
        }

        foreach (var import in component.Imports)
        {
            CheckExternType(import.Type, scope, $"import \"{import.Name.Name}\"", component);
        }

        foreach (var export in component.Exports)
        {
            if (export.AscribedType is { } ascribed)
            {
                CheckExternType(ascribed, scope, $"export \"{export.Name.Name}\"", component);
            }
        }

        CoreTypeSpaces.Check(component);
        TypeVisibility.CheckComponent(component, scope);
        Subtyping.Check(component, scope);
        OuterAliasResources.Check(component, scope);

        var canonIndex = 0;
        foreach (var canon in component.Canons)
        {
            CheckCanon(canon, canonIndex++, component, scope);
        }
    }

    /// <summary>Checks the core types of what canon definitions and resource destructors name: the lifted function's
    /// core signature, realloc, post-return, destructors, and that core export aliases name real exports.</summary>
    /// <exception cref="ComponentFormatException">A core item has the wrong kind or type, or does not exist.</exception>
    public static void ValidateCore(ComponentDefinition component, TypeScope scope, IReadOnlyDictionary<CoreModuleDefinition, Module> modules) =>
        new CoreTypes(component, scope, modules).Run();

    private static ComponentFormatException Invalid(string problem, ComponentDefinition component) => new(problem, "component", component.Offset);

    private static void CheckDefinedType(ComponentType type, TypeScope scope, int offset, int depth, Dictionary<ComponentType, TypeMeasure> measured)
    {
        if (ReferenceProblem(type, scope) is { } problem)
        {
            throw new ComponentFormatException(problem, "type section", offset);
        }

        var measure = Measure(type, scope, measured);
        if (measure.Size > MaxTypeSize)
        {
            throw new ComponentFormatException($"effective type size exceeds the limit of {MaxTypeSize}", "type section", offset);
        }

        if (type is not (FuncType or InstanceTypeDefinition or ComponentTypeDefinition) && measure.Depth > MaxValueNesting)
        {
            throw new ComponentFormatException($"type nesting is too deep (more than {MaxValueNesting} levels)", "type section", offset);
        }

        switch (type)
        {
            case FuncType func when func.Result is { } result && ContainsBorrow(result, scope):
                throw new ComponentFormatException("function result cannot contain a `borrow` type", "type section", offset);
            case InstanceTypeDefinition { Declarations: var declarations }:
                var instanceTypeScope = TypeScope.ForDeclarations(declarations, scope);
                CheckDeclarations(declarations, "instance type", instanceTypeScope, offset, depth, measured);
                TypeVisibility.CheckDeclarations(declarations, instanceTypeScope, offset, isInstanceType: true);
                break;
            case ComponentTypeDefinition { Declarations: var declarations }:
                var componentTypeScope = TypeScope.ForDeclarations(declarations, scope);
                CheckDeclarations(declarations, "component type", componentTypeScope, offset, depth, measured);
                TypeVisibility.CheckDeclarations(declarations, componentTypeScope, offset, isInstanceType: false);
                break;
        }
    }

    /// <summary>A value type may only name a value type (a defined type), and a handle only a resource type.</summary>
    private static string? ReferenceProblem(ComponentType type, TypeScope scope)
    {
        foreach (var value in ValueTypesIn(type))
        {
            if (value is { Primitive: null, TypeIndex: var index } && scope.Type(index) is { } entry
                && (entry.IsAbstractResource || entry.Definition is FuncType or InstanceTypeDefinition or ComponentTypeDefinition or ResourceType))
            {
                return $"type index {index} is not a defined type";
            }
        }

        var handle = type switch
        {
            OwnType own => (uint?)own.Resource,
            BorrowType borrow => borrow.Resource,
            _ => null,
        };
        return handle is { } resource && scope.Type(resource) is { IsAbstractResource: false, Definition: not (null or ResourceType) }
            ? $"type index {resource} is not a resource type"
            : null;
    }

    /// <summary>The value types a defined type or function type is made of (absent payloads as null).</summary>
    internal static IEnumerable<ComponentValType?> ValueTypesIn(ComponentType type) => type switch
    {
        RecordType record => record.Fields.Select(f => (ComponentValType?)f.Type),
        VariantType variant => variant.Cases.Select(c => c.Type),
        ListType list => [list.Element],
        TupleType tuple => tuple.Elements.Select(e => (ComponentValType?)e),
        OptionType option => [option.Payload],
        ResultType result => [result.Ok, result.Error],
        FuncType func => func.Params.Select(p => (ComponentValType?)p.Type).Append(func.Result),
        _ => [],
    };

    /// <summary>A type's effective size (its nodes, with every named type counted in full) and nesting depth, the
    /// bounds that keep flattening, lifting and printing it linear and shallow. Definitions are measured in binary
    /// order, so the types a definition names are already in <paramref name="measured"/> and recursion stays shallow.</summary>
    private static TypeMeasure Measure(ComponentType type, TypeScope scope, Dictionary<ComponentType, TypeMeasure> measured)
    {
        if (measured.TryGetValue(type, out var known))
        {
            return known;
        }

        long size = 1;
        int depth = 1;
        foreach (var value in ValueTypesIn(type))
        {
            var child = value switch
            {
                { Primitive: not null } => new TypeMeasure(1, 1),
                { TypeIndex: var index } when scope.Type(index) is { Definition: { } definition, Scope: { } definitionScope } => Measure(definition, definitionScope, measured),
                _ => new TypeMeasure(1, 1),
            };
            size = Math.Min(size + child.Size, MaxTypeSize + 1);
            depth = Math.Max(depth, child.Depth + 1);
        }

        return measured[type] = new TypeMeasure(size, depth);
    }

    private static void CheckDeclarations(IReadOnlyList<TypeDeclaration> declarations, string owner, TypeScope scope, int offset, int depth, Dictionary<ComponentType, TypeMeasure> measured)
    {
        if (depth > MaxValueNesting)
        {
            throw new ComponentFormatException($"type declarations nest deeper than {MaxValueNesting} levels", "type section", offset);
        }

        foreach (var declaration in declarations)
        {
            switch (declaration)
            {
                case TypeDeclarationOfType { Type: var type }:
                    CheckDefinedType(type, scope, offset, depth + 1, measured);
                    break;
                case ImportDeclaration import:
                    CheckDeclaredExtern(import.Type, scope, $"{owner} import \"{import.Name.Name}\"", offset);
                    break;
                case ExportDeclaration export:
                    CheckDeclaredExtern(export.Type, scope, $"{owner} export \"{export.Name.Name}\"", offset);
                    break;
            }
        }
    }

    private static void CheckDeclaredExtern(ExternType type, TypeScope scope, string what, int offset)
    {
        if (ExternKindProblem(type, scope) is { } problem)
        {
            throw new ComponentFormatException($"{what} {problem}", "type section", offset);
        }
    }

    private static void CheckExternType(ExternType type, TypeScope scope, string what, ComponentDefinition component)
    {
        CheckExtern(type, scope, what, component);
        if (type.Kind == ExternKind.CoreModule && component.IndexSpace(Sort.CoreType)[(int)type.Index].Origin is CoreTypeDefinition and not CoreModuleType)
        {
            throw Invalid($"{what}: core type index {type.Index} is not a module type", component);
        }
    }

    /// <summary>A func, instance or component extern names a type of that kind, and so does each member of an instance
    /// type: instantiation and the signatures rely on it. Also checks the items of an embedded module's world.</summary>
    /// <exception cref="ComponentFormatException">The extern or a member names a type of another kind.</exception>
    public static void CheckExtern(ExternType type, TypeScope scope, string what, ComponentDefinition component)
    {
        if (ExternKindProblem(type, scope) is { } problem)
        {
            throw Invalid($"{what} {problem}", component);
        }

        if (type.Kind == ExternKind.Instance && scope.InstanceTypeScope(type.Index) is { } instance)
        {
            foreach (var (_, name, member) in instance.Externs)
            {
                CheckExtern(member, instance, $"{what}, member \"{name.Name}\"", component);
            }
        }
    }

    /// <summary>A func, instance or component extern must name a type of that kind; types this scope cannot resolve are
    /// left to the checks that reject what they come from.</summary>
    private static string? ExternKindProblem(ExternType type, TypeScope scope)
    {
        if (type.Kind is not (ExternKind.Func or ExternKind.Instance or ExternKind.Component) || scope.Type(type.Index) is not { } entry)
        {
            return null;
        }

        var (expected, matches) = type.Kind switch
        {
            ExternKind.Func => ("a function type", entry.Definition is FuncType),
            ExternKind.Instance => ("an instance type", entry.Definition is InstanceTypeDefinition),
            _ => ("a component type", entry.Definition is ComponentTypeDefinition),
        };
        return matches || (entry.Definition is null && !entry.IsAbstractResource) ? null : $"has type {type.Index}, which is {DescribeKind(entry)}, not {expected}";
    }

    private static void CheckCanon(CanonDefinition canon, int index, ComponentDefinition component, TypeScope scope)
    {
        switch (canon)
        {
            case CanonLift lift:
                if (scope.Type(lift.FuncType) is { Definition: not (null or FuncType) } or { IsAbstractResource: true })
                {
                    throw Invalid($"canon lift (canon {index}) has type {lift.FuncType}, which is {DescribeKind(scope.Type(lift.FuncType)!)}, not a function type", component);
                }

                if (scope.Type(lift.FuncType) is { Definition: FuncType liftType, Scope: { } liftScope })
                {
                    CheckOptions(lift.Options, liftType, liftScope, lift: true, $"canon lift (canon {index})", component);
                }

                break;
            case CanonLower lower:
                if (FunctionTypeOf(lower.Func, component, scope) is ({ } lowerType, { } lowerScope))
                {
                    CheckOptions(lower.Options, lowerType, lowerScope, lift: false, $"canon lower (canon {index})", component);
                }

                break;
            case CanonResourceNew resourceNew:
                CheckLocalResource(resourceNew.Resource, "resource.new", index, component);
                break;
            case CanonResourceRep resourceRep:
                CheckLocalResource(resourceRep.Resource, "resource.rep", index, component);
                break;
            case CanonResourceDrop drop when scope.Type(drop.Resource) is { IsAbstractResource: false, Definition: { } dropped and not ResourceType }:
                throw Invalid($"canon resource.drop (canon {index}) has type {drop.Resource}, which is {DescribeKind(dropped)}, not a resource type", component);
        }
    }

    /// <summary>resource.new and resource.rep only apply to resource types the component itself defines: never to an
    /// imported one. An alias may still lead back to a local resource, which instantiation resolves.</summary>
    private static void CheckLocalResource(uint typeIndex, string builtin, int index, ComponentDefinition component)
    {
        var origin = component.IndexSpace(Sort.Type)[(int)typeIndex].Origin;
        while (origin is ExportDefinition { Sort: Sort.Type } export)
        {
            origin = component.IndexSpace(Sort.Type)[(int)export.Index].Origin;
        }

        switch (origin)
        {
            case TypeDefinition { Type: not ResourceType } definition:
                throw Invalid($"canon {builtin} (canon {index}) has type {typeIndex}, which is {DescribeKind(definition.Type)}, not a resource type", component);
            case ImportDefinition import:
                throw Invalid($"canon {builtin} (canon {index}) has type {typeIndex}, which is imported (\"{import.Name.Name}\"), not a resource type this component defines", component);
        }
    }

    private static string DescribeKind(TypeEntry entry) => entry.IsAbstractResource ? "a resource type" : DescribeKind(entry.Definition!);

    private static string DescribeKind(ComponentType type) => type switch
    {
        ResourceType => "a resource type",
        FuncType => "a function type",
        InstanceTypeDefinition => "an instance type",
        ComponentTypeDefinition => "a component type",
        _ => "a value type",
    };

    /// <summary>The type of a component function that canon lower can name: an import, or an export of an imported instance.</summary>
    private static (FuncType? Type, TypeScope? Scope) FunctionTypeOf(uint funcIndex, ComponentDefinition component, TypeScope scope) =>
        FunctionTypeOf(component.IndexSpace(Sort.Func)[(int)funcIndex].Origin, scope);

    /// <summary>The type of the component function a definition (<paramref name="origin"/>) introduces, when it is one
    /// canon lower can name.</summary>
    private static (FuncType? Type, TypeScope? Scope) FunctionTypeOf(object origin, TypeScope scope)
    {
        var (typeIndex, typeScope) = origin switch
        {
            ImportDefinition import => ((uint?)import.Type.Index, scope),
            CanonLift lift => (lift.FuncType, scope),
            InstanceExportAlias alias when scope.Instance(alias.Instance) is { } instance
                && instance.Externs.FindIndex(e => e.Name.Name == alias.Name) is var found and >= 0 => (instance.Externs[found].Type.Index, instance),
            _ => (null, null),
        };
        return typeIndex is { } known && typeScope?.Type(known) is { Definition: FuncType func, Scope: { } funcScope } ? (func, funcScope) : (null, null);
    }

    /// <summary>The function type at a type index, with the scope its value types resolve in.</summary>
    internal static (FuncType, TypeScope)? FuncTypeAt(uint typeIndex, TypeScope scope) =>
        scope.Type(typeIndex) is { Definition: FuncType func, Scope: { } funcScope } ? (func, funcScope) : null;

    /// <summary>The type of the function a definition introduces: an import's type, an export's ascribed type, the
    /// type of the function an export names, a lift's type or an instance export's declared type.</summary>
    internal static (FuncType, TypeScope)? FuncTypeOfItem(object origin, ComponentDefinition component, TypeScope scope) => origin switch
    {
        ImportDefinition import => FuncTypeAt(import.Type.Index, scope),
        ExportDefinition { AscribedType: { } ascribed } => FuncTypeAt(ascribed.Index, scope),
        ExportDefinition export => FuncTypeOfItem(component.IndexSpace(Sort.Func)[(int)export.Index].Origin, component, scope),
        _ => FunctionTypeOf(origin, scope) is ({ } func, { } funcScope) ? (func, funcScope) : null,
    };

    /// <summary>Values that live in linear memory need the memory option; the side that allocates them needs realloc
    /// (Canonical ABI: lift allocates for parameters, lower for results).</summary>
    private static void CheckOptions(CanonOptions options, FuncType func, TypeScope scope, bool lift, string what, ComponentDefinition component)
    {
        if (!Resolves(func, scope))
        {
            return;
        }

        var paramsInMemory = func.Params.Any(p => NeedsMemory(p.Type, scope));
        var resultInMemory = func.Result is { } result && NeedsMemory(result, scope);
        var flatParams = CoreSignature.FlatLength(func.Params.Select(p => p.Type), scope);
        var flatResults = func.Result is { } flatResult ? CoreSignature.FlatLength([flatResult], scope) : 0;
        var spilled = flatParams > CoreSignature.MaxFlatParams || flatResults > CoreSignature.MaxFlatResults;
        if ((paramsInMemory || resultInMemory || spilled) && options.Memory is null)
        {
            throw Invalid($"{what}: canonical option `memory` is required", component);
        }

        if ((lift ? paramsInMemory || flatParams > CoreSignature.MaxFlatParams : resultInMemory) && options.Realloc is null)
        {
            throw Invalid($"{what}: canonical option `realloc` is required", component);
        }

        if (options.Realloc is not null && options.Memory is null)
        {
            throw Invalid($"{what}: canonical option `realloc` requires `memory` to also be specified", component);
        }

        if (!lift && options.PostReturn is not null)
        {
            throw Invalid($"{what}: canonical option `post-return` is only allowed on canon lift", component);
        }
    }

    /// <summary>Whether a value type contains a string or list (whose contents live in linear memory).</summary>
    private static bool NeedsMemory(ComponentValType type, TypeScope scope) =>
        Exists(type, scope, (value, definition) => value.Primitive == PrimitiveValType.String || definition is ListType or PrimitiveType { Kind: PrimitiveValType.String }, 0);

    private static bool ContainsBorrow(ComponentValType type, TypeScope scope) => Exists(type, scope, (_, definition) => definition is BorrowType, 0);

    /// <summary>Whether every type index in the function's parameters and result resolves in this scope.</summary>
    private static bool Resolves(FuncType func, TypeScope scope) =>
        !func.Params.Any(p => Unresolved(p.Type, scope)) && !(func.Result is { } result && Unresolved(result, scope));

    /// <summary>Whether some type index inside a value type cannot be resolved here (an alias this scope does not model).</summary>
    private static bool Unresolved(ComponentValType type, TypeScope scope) =>
        Exists(type, scope, (value, definition) => value.Primitive is null && definition is null, 0);

    /// <summary>Whether <paramref name="test"/> holds for the value type or any value type inside it; a type index
    /// is given with its definition, or null when it does not resolve.</summary>
    private static bool Exists(ComponentValType type, TypeScope scope, Func<ComponentValType, ComponentType?, bool> test, int depth)
    {
        var entry = type.Primitive is null ? scope.Type(type.TypeIndex) : null;
        var definition = entry?.Definition;
        if (test(type, definition))
        {
            return true;
        }

        if (definition is null || entry!.Scope is not { } inner || depth > MaxValueNesting)
        {
            return false;
        }

        bool Child(ComponentValType? child) => child is { } value && Exists(value, inner, test, depth + 1);
        return definition switch
        {
            ListType list => Child(list.Element),
            RecordType record => record.Fields.Any(f => Child(f.Type)),
            TupleType tuple => tuple.Elements.Any(e => Child(e)),
            VariantType variant => variant.Cases.Any(c => Child(c.Type)),
            OptionType option => Child(option.Payload),
            ResultType result => Child(result.Ok) || Child(result.Error),
            _ => false,
        };
    }

    /// <summary>The core items the component's definitions produce, typed statically from the compiled modules.</summary>
    private sealed class CoreTypes(ComponentDefinition component, TypeScope scope, IReadOnlyDictionary<CoreModuleDefinition, Module> modules)
    {
        private readonly List<IReadOnlyDictionary<string, CoreItem>?> instances = [];
        private readonly List<FunctionType?> functions = [];

        public void Run()
        {
            foreach (var (definition, module) in modules)
            {
                // Core imports reach a component's core instances as two-level names; a repeated pair is ambiguous.
                if (module.Imports.GroupBy(i => (i.Module, i.Name)).FirstOrDefault(g => g.Count() > 1) is { Key: var (moduleName, name) })
                {
                    throw new ComponentFormatException($"core module imports \"{moduleName}\" \"{name}\" more than once", "core module section", definition.Offset);
                }
            }

            var canonIndex = 0;
            foreach (var (sort, entry) in component.DefinitionOrder)
            {
                switch (sort, entry.Origin)
                {
                    case (Sort.CoreInstance, var origin):
                        instances.Add(Instance(origin));
                        break;
                    case (Sort.CoreFunc, var origin):
                        functions.Add(Function(origin));
                        break;
                    case (Sort.CoreMemory or Sort.CoreTable or Sort.CoreGlobal or Sort.CoreTag, CoreInstanceExportAlias alias):
                        Export(alias);
                        break;
                    case (Sort.Type, TypeDefinition { Type: ResourceType { Destructor: { } destructor } }):
                        Expect(destructor, DestructorType, "resource destructor");
                        break;
                }

                if (entry.Origin is CanonLift or CanonLower && sort is Sort.Func or Sort.CoreFunc)
                {
                    CheckCanon((CanonDefinition)entry.Origin, canonIndex);
                }

                if (entry.Origin is CanonDefinition)
                {
                    canonIndex++;
                }
            }
        }

        private IReadOnlyDictionary<string, CoreItem>? Instance(object origin) => origin switch
        {
            CoreInstantiate { Module: var module } when component.IndexSpace(Sort.CoreModule)[(int)module].Origin is CoreModuleDefinition definition
                => modules[definition].Exports.ToDictionary(e => e.Name, e => new CoreItem(e.Kind, e.FunctionType), StringComparer.Ordinal),
            CoreInstanceFromExports inline => Inline(inline),
            _ => null,
        };

        private Dictionary<string, CoreItem> Inline(CoreInstanceFromExports inline)
        {
            var items = new Dictionary<string, CoreItem>(StringComparer.Ordinal);
            foreach (var export in inline.Exports)
            {
                items[export.Name] = export.Sort switch
                {
                    Sort.CoreFunc => new CoreItem(ExternalKind.Function, functions[(int)export.Index]),
                    Sort.CoreMemory => new CoreItem(ExternalKind.Memory, null),
                    Sort.CoreTable => new CoreItem(ExternalKind.Table, null),
                    Sort.CoreGlobal => new CoreItem(ExternalKind.Global, null),
                    _ => new CoreItem(null, null),
                };
            }

            return items;
        }

        private FunctionType? Function(object origin) => origin switch
        {
            CoreInstanceExportAlias alias => Export(alias)?.Function,
            CanonLower lower => FunctionTypeOf(lower.Func, component, scope) is ({ } func, { } funcScope) && Resolves(func, funcScope) ? CoreSignature.ForLower(func, funcScope) : null,
            CanonResourceNew or CanonResourceRep => ResourceNewType,
            CanonResourceDrop => DestructorType,
            _ => null,
        };

        /// <summary>The aliased export; a missing export or one of another kind is invalid.</summary>
        private CoreItem? Export(CoreInstanceExportAlias alias)
        {
            if (instances[(int)alias.CoreInstance] is not { } instance)
            {
                return null;
            }

            if (!instance.TryGetValue(alias.Name, out var item))
            {
                throw Invalid($"core instance {alias.CoreInstance} has no export named `{alias.Name}`", component);
            }

            var expected = alias.Sort switch
            {
                Sort.CoreFunc => ExternalKind.Function,
                Sort.CoreTable => ExternalKind.Table,
                Sort.CoreMemory => ExternalKind.Memory,
                Sort.CoreGlobal => ExternalKind.Global,
                _ => (ExternalKind?)null,
            };
            if (item.Kind != expected)
            {
                throw Invalid($"core instance {alias.CoreInstance} export `{alias.Name}` is a {item.Kind?.ToString() ?? "tag"}, not a {expected?.ToString() ?? "tag"}", component);
            }

            return item;
        }

        private void CheckCanon(CanonDefinition canon, int index)
        {
            var options = canon switch
            {
                CanonLift lift => lift.Options,
                CanonLower lower => lower.Options,
                _ => null,
            };
            if (options?.Realloc is { } realloc)
            {
                Expect(realloc, ReallocType, $"canon {index}: realloc");
            }

            var (signature, signatureScope) = canon switch
            {
                CanonLift lift => scope.Type(lift.FuncType) is { Definition: FuncType liftType, Scope: { } liftScope } ? (liftType, liftScope) : (null, null),
                CanonLower lower => FunctionTypeOf(lower.Func, component, scope),
                _ => (null, null),
            };
            if (signature is not null && !Resolves(signature, signatureScope!))
            {
                // Instantiation flattens the signature to core types, which needs every type in it.
                throw new UnsupportedComponentFeatureException(
                    $"canon {index}: a function type naming a type aliased out of an instance this runtime does not model", "component", component.Offset);
            }

            if (canon is not CanonLift liftCanon || signature is not { } func)
            {
                return;
            }

            var funcScope = signatureScope!;

            var expected = CoreSignature.ForLift(func, funcScope);
            Expect(liftCanon.CoreFunc, expected, $"canon lift (canon {index}) of {new WitPrinter().Definition(func, funcScope)}: the lifted core function");
            if (options!.PostReturn is { } postReturn)
            {
                Expect(postReturn, new FunctionType(expected.Results, []), $"canon lift (canon {index}): post-return");
            }
        }

        private void Expect(uint functionIndex, FunctionType expected, string what)
        {
            if (functions[(int)functionIndex] is { } actual && !actual.Equals(expected))
            {
                throw Invalid($"{what} has core type {actual}, but must have {expected}", component);
            }
        }
    }

    private readonly record struct TypeMeasure(long Size, int Depth);

    /// <summary>A core instance export: its kind (null for a tag) and, for a function, its type.</summary>
    private sealed record CoreItem(ExternalKind? Kind, FunctionType? Function);
}
