namespace WitSharp.HostRuntime.Components;

/// <summary>
/// The type and instance index spaces of one scope (a component, component type or instance type), resolved far
/// enough to print types: each type index knows its name (from an import, export or alias) and its definition.
/// </summary>
internal sealed class TypeScope
{
    private readonly List<TypeEntry> types = [];
    private readonly List<TypeScope?> instances = [];
    private readonly Dictionary<string, TypeEntry> typesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeScope> instancesByName = new(StringComparer.Ordinal);

    private TypeScope(TypeScope? parent)
    {
        Parent = parent;
    }

    public TypeScope? Parent { get; }

    /// <summary>Whether <see cref="Externs"/> lists only exported types (a component's scope) rather than every
    /// import and export (a component or instance type's).</summary>
    public bool ListsOnlyTypes { get; private init; }

    /// <summary>Whether the resources this scope declares are an unmodeled item's (see <see cref="ForDeclarations"/>).</summary>
    private bool ResourcesUnknown { get; init; }

    /// <summary>Imports and exports declared by a component or instance type, in declaration order; for a component, the
    /// types it exports.</summary>
    public List<(bool IsImport, ExternName Name, ExternType Type)> Externs { get; } = [];

    public TypeEntry? Type(uint index) => index < (uint)types.Count ? types[(int)index] : null;

    /// <summary>The declarator scope of instance <paramref name="index"/> when it is imported (or re-exported) with an
    /// instance type; null for instances this scope does not model.</summary>
    public TypeScope? Instance(uint index) => index < (uint)instances.Count ? instances[(int)index] : null;

    /// <summary>The type index entry an extern of this scope introduced under <paramref name="name"/>: one object per
    /// extern, so that every alias of it is the same type (type identity decides which types have a name).</summary>
    public TypeEntry? ExternTypeEntry(string name) => typesByName.GetValueOrDefault(name);

    /// <summary>The scope of the instance an extern of this scope introduced under <paramref name="name"/>.</summary>
    public TypeScope? ExternInstance(string name) => instancesByName.GetValueOrDefault(name);

    public static TypeScope ForComponent(ComponentDefinition component) => ForComponent(component, null, arguments: null);

    /// <summary>
    /// The scope of a component's definitions. For a component instantiated by an enclosing one,
    /// <paramref name="arguments"/> holds what each import is bound to (a <see cref="TypeEntry"/> or an instance's
    /// <see cref="TypeScope"/>) and the exported types are listed in <see cref="Externs"/>, so that the enclosing
    /// component's aliases of them resolve; an instance import whose argument is not modeled has the resources of that
    /// argument, unknown here. Null <paramref name="arguments"/>: the imports are unbound, each imported resource a fresh one.
    /// </summary>
    private static TypeScope ForComponent(ComponentDefinition component, TypeScope? parent, IReadOnlyDictionary<string, object?>? arguments)
    {
        var scope = new TypeScope(parent) { ListsOnlyTypes = true };
        foreach (var (sort, entry) in component.DefinitionOrder)
        {
            if (sort == Sort.Type)
            {
                scope.types.Add(entry.Origin switch
                {
                    TypeDefinition definition => new TypeEntry(null, definition.Type, scope),
                    ImportDefinition import => arguments?.GetValueOrDefault(import.Name.Name) as TypeEntry ?? scope.Bound(import.Name.Name, import.Type),
                    ExportDefinition export => scope.Named(export.Name.Name, export.Index),
                    AliasDefinition alias => scope.Aliased(alias),
                    _ => TypeEntry.Unknown,
                });
                if (entry.Origin is ExportDefinition exported)
                {
                    scope.Externs.Add((false, exported.Name, new ExternType(ExternKind.Type, (uint)scope.types.Count - 1)));
                    scope.typesByName.TryAdd(exported.Name.Name, scope.types[^1]);
                }
            }
            else if (sort == Sort.Instance)
            {
                scope.instances.Add(entry.Origin switch
                {
                    ImportDefinition { Type.Kind: ExternKind.Instance } import =>
                        arguments?.GetValueOrDefault(import.Name.Name) as TypeScope ?? scope.InstanceTypeScope(import.Type.Index, resourcesKnown: arguments is null),
                    ExportDefinition export => scope.ExportedInstance(export),
                    InstanceExportAlias alias => alias.Instance < (uint)scope.instances.Count ? scope.instances[(int)alias.Instance]?.ExternInstance(alias.Name) : null,
                    ComponentInstantiate instantiate => scope.Instantiated(component, instantiate),
                    _ => null,
                });
                if (entry.Origin is ExportDefinition { Name.Name: var exportName } && scope.instances[^1] is { } exportedInstance)
                {
                    scope.instancesByName.TryAdd(exportName, exportedInstance);
                }
            }
        }

        return scope;
    }

    /// <summary>An exported instance as the enclosing component sees it: an ascribed instance type replaces the visible
    /// type (Binary.md: the export has the ascribed type), so only the exports the type declares remain; those keep their
    /// identity (the ascribed type is a supertype, naming the same resources).</summary>
    private TypeScope? ExportedInstance(ExportDefinition export)
    {
        var instance = export.Index < (uint)instances.Count ? instances[(int)export.Index] : null;
        return export.AscribedType is { Kind: ExternKind.Instance } ascribed && instance is not null && InstanceTypeScope(ascribed.Index) is { } type
            ? instance.RestrictedTo(type)
            : instance;
    }

    /// <summary>A view of this instance scope with only the exports <paramref name="type"/> declares (nested instances
    /// restricted likewise); the index spaces stay shared, so every index resolves as before.</summary>
    private TypeScope RestrictedTo(TypeScope type)
    {
        var declared = type.Externs.Select(e => e.Name.Name).ToHashSet(StringComparer.Ordinal);
        var view = new TypeScope(Parent) { ListsOnlyTypes = ListsOnlyTypes };
        view.types.AddRange(types);
        view.instances.AddRange(instances);
        view.Externs.AddRange(Externs.Where(e => declared.Contains(e.Name.Name)));
        foreach (var (name, entry) in typesByName.Where(t => declared.Contains(t.Key)))
        {
            view.typesByName.Add(name, entry);
        }

        foreach (var (name, instance) in instancesByName.Where(i => declared.Contains(i.Key)))
        {
            view.instancesByName.Add(name, type.ExternInstance(name) is { } nested ? instance.RestrictedTo(nested) : instance);
        }

        return view;
    }

    /// <summary>The scope of a nested component's own definitions, its imports unbound (each imported resource a
    /// fresh one), as the instantiating component's arguments must match them.</summary>
    public static TypeScope ForNestedComponent(ComponentDefinition nested, TypeScope parent) => ForComponent(nested, parent, arguments: null);

    /// <summary>The scope of a nested component instantiated with this scope's types and instances as arguments.</summary>
    private TypeScope? Instantiated(ComponentDefinition component, ComponentInstantiate instantiate)
    {
        if (component.IndexSpace(Sort.Component)[(int)instantiate.Component].Origin is not ComponentDefinition nested)
        {
            return null;
        }

        var arguments = instantiate.Args.ToDictionary(a => a.Name, a => a.Sort switch
        {
            Sort.Type => (object?)Type(a.Index),
            Sort.Instance when a.Index < (uint)instances.Count => instances[(int)a.Index],
            _ => null,
        });
        return ForComponent(nested, this, arguments);
    }

    /// <summary>The scope of a component or instance type's declarators; with <paramref name="resourcesKnown"/> false, its
    /// resources (and those of the instances it declares) resolve to nothing, as they are those of an unmodeled item.</summary>
    public static TypeScope ForDeclarations(IReadOnlyList<TypeDeclaration> declarations, TypeScope parent, bool resourcesKnown = true)
    {
        var scope = new TypeScope(parent) { ResourcesUnknown = !resourcesKnown };
        foreach (var declaration in declarations)
        {
            switch (declaration)
            {
                case TypeDeclarationOfType { Type: var type }:
                    scope.types.Add(new TypeEntry(null, type, scope));
                    break;
                case AliasDeclaration { Alias: var alias }:
                    if (alias.Sort == Sort.Type)
                    {
                        scope.types.Add(scope.Aliased(alias));
                    }
                    else if (alias.Sort == Sort.Instance)
                    {
                        scope.instances.Add(null);
                    }

                    break;
                case ImportDeclaration import:
                    scope.Declare(true, import.Name, import.Type);
                    break;
                case ExportDeclaration export:
                    scope.Declare(false, export.Name, export.Type);
                    break;
            }
        }

        return scope;
    }

    private void Declare(bool isImport, ExternName name, ExternType type)
    {
        Externs.Add((isImport, name, type));
        if (type.Kind == ExternKind.Type)
        {
            types.Add(Bound(name.Name, type));
            typesByName.TryAdd(name.Name, types[^1]);
        }
        else if (type.Kind == ExternKind.Instance)
        {
            instances.Add(InstanceTypeScope(type.Index, resourcesKnown: !ResourcesUnknown));
            if (instances[^1] is { } declared)
            {
                instancesByName.TryAdd(name.Name, declared);
            }
        }
    }

    /// <summary>The declarator scope of the instance type at <paramref name="typeIndex"/>, if it is one.</summary>
    public TypeScope? InstanceTypeScope(uint typeIndex) => InstanceTypeScope(typeIndex, resourcesKnown: true);

    private TypeScope? InstanceTypeScope(uint typeIndex, bool resourcesKnown) =>
        Type(typeIndex) is { Definition: InstanceTypeDefinition instance, Scope: { } scope } ? ForDeclarations(instance.Declarations, scope, resourcesKnown) : null;

    private TypeEntry Bound(string name, ExternType type)
    {
        if (type.IsSubResource)
        {
            // A fresh resource, unless it is an unmodeled item's, which no rule may take for a new one.
            return ResourcesUnknown ? TypeEntry.Unknown with { Name = name } : new TypeEntry(name, null, this, IsAbstractResource: true) { AbstractResource = new object() };
        }

        return Named(name, type.Index);
    }

    private TypeEntry Named(string name, uint index) =>
        Type(index) is { } target ? target with { Name = name } : TypeEntry.Unknown with { Name = name };

    private TypeEntry Aliased(AliasDefinition alias)
    {
        switch (alias)
        {
            case InstanceExportAlias exportAlias:
                var instance = exportAlias.Instance < (uint)instances.Count ? instances[(int)exportAlias.Instance] : null;
                return instance?.ExternTypeEntry(exportAlias.Name) ?? TypeEntry.Unknown with { Name = exportAlias.Name };
            case OuterAlias outer:
                var target = this;
                for (uint i = 0; i < outer.Count && target is not null; i++)
                {
                    target = target.Parent;
                }

                return target?.Type(outer.Index) ?? TypeEntry.Unknown;
            default:
                return TypeEntry.Unknown;
        }
    }
}

/// <summary>One type index: its name if it has one, and its definition with the scope that definition lives in.</summary>
internal sealed record TypeEntry(string? Name, ComponentType? Definition, TypeScope? Scope, bool IsAbstractResource = false)
{
    public static readonly TypeEntry Unknown = new(null, null, null);

    /// <summary>The identity of an imported (abstract) resource, shared by every index that names it.</summary>
    public object? AbstractResource { get; init; }

    /// <summary>What makes two resource types the same: the definition or the import that introduced it; null for
    /// every other type.</summary>
    public object? ResourceIdentity => Definition as ResourceType ?? AbstractResource;
}
