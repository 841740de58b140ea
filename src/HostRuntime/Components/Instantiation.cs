using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.Wasm;
using AbiStringEncoding = WitSharp.HostRuntime.CanonicalAbi.StringEncoding;

namespace WitSharp.HostRuntime.Components;

/// <summary>
/// Runs a component's instantiation program: walks its definitions in binary order, filling each index space with
/// live items (engine instances and externs, host and lifted functions, resource types, component instances).
/// </summary>
internal sealed class Instantiation
{
    private readonly ComponentLinker linker;
    private readonly Store store;
    private readonly Component component;
    private readonly ResourceTables resources;
    private readonly InstanceGuard guard = new();
    private readonly List<(string Alias, string Key)> exportKeyAliases = [];
    private readonly Dictionary<Memory, GuestMemory> guestMemories = [];
    private readonly List<object?>[] spaces = Enumerable.Range(0, Enum.GetValues<Sort>().Length).Select(_ => new List<object?>()).ToArray();
    private readonly List<GuestResource> guestResources = [];
    private readonly Dictionary<(string, string), LiftedFunction> exports = [];
    private Dictionary<object, IResourceType?>? resourcesByIdentity;

    public Instantiation(ComponentLinker linker, Store store, Component component)
    {
        this.linker = linker;
        this.store = store;
        this.component = component;
        resources = ResourceTables.Within(store.Limits);
    }

    public ComponentInstance Run()
    {
        var definition = component.Definition;
        foreach (var (sort, entry) in definition.DefinitionOrder)
        {
            spaces[(int)sort].Add(Evaluate(sort, entry.Origin));
        }

        var destructors = guestResources.ToDictionary(r => r.Key!, r => r.Destructor, StringComparer.Ordinal);
        foreach (var (alias, key) in exportKeyAliases)
        {
            resources.Alias(alias, key);
            destructors[alias] = destructors[key];
        }

        return new ComponentInstance(component, resources, guard, exports, destructors);
    }

    private object? Item(Sort sort, uint index) => spaces[(int)sort][(int)index];

    private object? Evaluate(Sort sort, object origin) => origin switch
    {
        CoreModuleDefinition module => component.Modules[module],
        CoreInstantiate instantiate => InstantiateCore(instantiate).Exports,
        CoreInstanceFromExports inline => (IReadOnlyDictionary<string, Extern>)inline.Exports.ToDictionary(e => e.Name, e => (Extern)Item(e.Sort, e.Index)!),
        CoreInstanceExportAlias alias => CoreExport(alias),
        CoreTypeDefinition => null,
        CanonLower lower => Lower(lower),
        CanonLift lift => Lift(lift),
        CanonResourceNew resourceNew => ResourceNew(GuestResourceOf(resourceNew.Resource, "resource.new")),
        CanonResourceRep resourceRep => ResourceRep(GuestResourceOf(resourceRep.Resource, "resource.rep")),
        CanonResourceDrop resourceDrop => ResourceDrop(resourceDrop.Resource),
        TypeDefinition { Type: ResourceType resource } => DefineGuestResource(resource),
        TypeDefinition => null,
        ImportDefinition import => Import(import),
        InstanceExportAlias alias => InstanceExport(alias),
        InstanceFromExports inline => inline.Exports.ToDictionary(e => e.Name.Name, e => Item(e.Sort, e.Index)),
        ComponentDefinition nested => nested,
        ComponentInstantiate instantiate => InstantiateShim(instantiate),
        ExportDefinition export => Export(export),
        _ => throw new UnsupportedComponentFeatureException($"{origin.GetType().Name} in the {ComponentDecoder.SortName(sort)} index space", "component", component.Definition.Offset),
    };

    private Instance InstantiateCore(CoreInstantiate instantiate)
    {
        var module = (Module)Item(Sort.CoreModule, instantiate.Module)!;
        var arguments = instantiate.Args.ToDictionary(a => a.Name, a => (IReadOnlyDictionary<string, Extern>)Item(Sort.CoreInstance, a.Instance)!);
        var imports = new Extern[module.Imports.Count];
        for (var i = 0; i < imports.Length; i++)
        {
            var wanted = module.Imports[i];
            if (!arguments.TryGetValue(wanted.Module, out var instance) || !instance.TryGetValue(wanted.Name, out var item))
            {
                throw new LinkException($"core module {instantiate.Module} imports \"{wanted.Module}\" \"{wanted.Name}\" ({wanted.DescribeType()}), which its instantiation does not supply");
            }

            imports[i] = item;
        }

        return Instance.Create(store, module, imports);
    }

    private Extern CoreExport(CoreInstanceExportAlias alias)
    {
        var instance = (IReadOnlyDictionary<string, Extern>)Item(Sort.CoreInstance, alias.CoreInstance)!;
        return instance.TryGetValue(alias.Name, out var item)
            ? item
            : throw new LinkException($"core instance {alias.CoreInstance} has no export \"{alias.Name}\"");
    }

    private CanonicalOptions Options(CanonOptions options)
    {
        GuestMemory? memory = null;
        if (options.Memory is { } memoryIndex)
        {
            var engineMemory = Item(Sort.CoreMemory, memoryIndex) as Memory
                ?? throw new LinkException($"memory option names core item {memoryIndex}, which is not a memory");
            if (!guestMemories.TryGetValue(engineMemory, out memory))
            {
                memory = new EngineGuestMemory(engineMemory) { LiftGuard = guard };
                guestMemories.Add(engineMemory, memory);
            }
        }

        var realloc = options.Realloc is { } reallocIndex
            ? MayLeaveGates.Realloc(Bind<ReallocFunction>(CoreFunction(reallocIndex, "realloc"), "realloc option"), guard)
            : null;
        var encoding = options.StringEncoding switch
        {
            Components.StringEncoding.Utf16 => AbiStringEncoding.Utf16,
            Components.StringEncoding.Latin1Utf16 => AbiStringEncoding.Latin1Utf16,
            _ => AbiStringEncoding.Utf8,
        };
        return new CanonicalOptions(memory, realloc, encoding, resources);
    }

    /// <summary>A core function as a typed delegate; a function of another type fails to link, naming its role.</summary>
    internal static TDelegate Bind<TDelegate>(Function function, string what)
        where TDelegate : Delegate => BindAs(function.AsDelegate<TDelegate>, what);

    /// <summary><see cref="Function.AsTyped{THandle}"/>, with a signature mismatch reported as a <see cref="LinkException"/> naming <paramref name="what"/>.</summary>
    internal static THandle BindTyped<THandle>(Function function, string what)
        where THandle : TypedHandle => BindAs(function.AsTyped<THandle>, what);

    private static T BindAs<T>(Func<T> bind, string what)
    {
        try
        {
            return bind();
        }
        catch (ArgumentException exception)
        {
            throw new LinkException($"{what}: {exception.Message}");
        }
    }

    private Function CoreFunction(uint index, string what) =>
        Item(Sort.CoreFunc, index) as Function ?? throw new LinkException($"{what} option names core item {index}, which is not a function");

    private Function Lower(CanonLower lower)
    {
        var host = Item(Sort.Func, lower.Func) as HostFunctionImport
            ?? throw new UnsupportedComponentFeatureException("canon lower of a function that is not a host import", "canon section", component.Definition.Offset);
        return LowerHostFunction(linker.FindFunction(host.InstanceName, host.Name)!, host, Options(lower.Options), guard);
    }

    /// <summary>The core function for a host import: the host's lowering, checked against the canon lower signature, and
    /// refused while the instance may not leave (see <see cref="MayLeaveGates"/>).</summary>
    internal static Function LowerHostFunction(ImportLowering lowering, HostFunctionImport host, CanonicalOptions options, InstanceGuard guard)
    {
        var expected = CoreSignature.ForLower(host.Type, host.Scope);
        Function function;
        try
        {
            function = Function.FromDelegate(MayLeaveGates.Import(lowering(options), guard));
        }
        catch (ArgumentException exception)
        {
            throw new LinkException($"the host lowering of {host.DisplayName} did not produce a core function: {exception.Message}");
        }

        if (!function.Type.Equals(expected))
        {
            throw new LinkException(
                $"the host lowering of {host.DisplayName}: {new WitPrinter().Definition(host.Type, host.Scope)} has core type {function.Type}, but canon lower needs {expected}");
        }

        return function;
    }

    private LiftedFunction Lift(CanonLift lift)
    {
        var core = CoreFunction(lift.CoreFunc, "canon lift");
        var postReturn = lift.Options.PostReturn is { } postIndex ? CoreFunction(postIndex, "post-return") : null;
        var (type, scope) = CoreSignature.Resolve(lift.FuncType, component.Scope);
        var func = (FuncType)type;
        var coreType = CoreSignature.ForLift(func, scope);
        if (!core.Type.Equals(coreType))
        {
            throw new LinkException(
                $"canon lift of core function with type {core.Type} as {new WitPrinter().Definition(func, scope)} needs core type {coreType}");
        }

        CheckPostReturn(postReturn, coreType, new WitPrinter().Definition(func, scope));
        return new ComponentLiftedFunction(core, postReturn, Options(lift.Options), guard, () => ComponentValueTypes.Function(func, scope, RuntimeResource));
    }

    /// <summary>
    /// The running resource behind a resource type index. An index of this component's own type index space is the item
    /// the instantiation keeps there. One of a nested scope (a re-export shim's, whose imports the instantiation binds to
    /// this component's items, or an imported instance type's) names the resource of the same type identity
    /// (<see cref="TypeEntry.ResourceIdentity"/>) in this component's index space, as the instantiation passed it; null
    /// when none does, or when the identity is two running resources'.
    /// </summary>
    private IResourceType? RuntimeResource(uint index, TypeScope scope)
    {
        if (scope == component.Scope)
        {
            return index < (uint)spaces[(int)Sort.Type].Count ? Item(Sort.Type, index) as IResourceType : null;
        }

        return scope.Type(index)?.ResourceIdentity is { } identity ? ResourcesByIdentity().GetValueOrDefault(identity) : null;
    }

    /// <summary>This component's running resources by type identity, built once all index spaces are filled (function
    /// types are described on first dynamic use); an identity two running resources share maps to null.</summary>
    private Dictionary<object, IResourceType?> ResourcesByIdentity()
    {
        if (resourcesByIdentity is null)
        {
            var byIdentity = new Dictionary<object, IResourceType?>(ReferenceEqualityComparer.Instance);
            var types = spaces[(int)Sort.Type];
            for (var i = 0; i < types.Count; i++)
            {
                if (types[i] is IResourceType resource && component.Scope.Type((uint)i)?.ResourceIdentity is { } identity)
                {
                    byIdentity[identity] = byIdentity.TryGetValue(identity, out var known) && known != resource ? null : resource;
                }
            }

            resourcesByIdentity = byIdentity;
        }

        return resourcesByIdentity;
    }

    /// <summary>A post-return function takes the lifted function's core results and returns nothing.</summary>
    internal static void CheckPostReturn(Function? postReturn, FunctionType lifted, string liftedType)
    {
        var expected = new FunctionType(lifted.Results, []);
        if (postReturn is not null && !postReturn.Type.Equals(expected))
        {
            throw new LinkException($"the post-return function of {liftedType} has type {postReturn.Type}, but needs {expected}");
        }
    }

    private GuestResource DefineGuestResource(ResourceType resource)
    {
        var destructor = resource.Destructor is { } index ? Bind<Action<int>>(CoreFunction(index, "resource destructor"), "resource destructor") : null;
        // Keyed from the start: a core start function may create handles before (or without) the resource's export.
        var defined = new GuestResource(destructor) { Key = $"#resource{guestResources.Count}" };
        guestResources.Add(defined);
        return defined;
    }

    private GuestResource GuestResourceOf(uint typeIndex, string builtin) =>
        Item(Sort.Type, typeIndex) as GuestResource
        ?? throw new UnsupportedComponentFeatureException($"canon {builtin} of a type this component does not define", "canon section", component.Definition.Offset);

    private Function ResourceDrop(uint typeIndex) => Item(Sort.Type, typeIndex) switch
    {
        GuestResource guest => ResourceDrop(resources, guest, guard),
        HostResource host => ResourceDrop(resources, host, guard),
        _ => throw new UnsupportedComponentFeatureException($"canon resource.drop of type {typeIndex}, which is not a resource", "canon section", component.Definition.Offset),
    };

    private Function ResourceNew(GuestResource resource) => ResourceNew(resources, resource, guard);

    private Function ResourceRep(GuestResource resource) => ResourceRep(resources, resource);

    internal static Function ResourceNew(ResourceTables tables, GuestResource resource, InstanceGuard guard) =>
        Function.FromDelegate(new Func<int, int>(representation =>
        {
            guard.CheckMayLeave("resource.new");
            return tables.For(resource.Key!).Add(representation, own: true);
        }));

    internal static Function ResourceRep(ResourceTables tables, GuestResource resource) =>
        Function.FromDelegate(new Func<int, int>(index => tables.For(resource.Key!).Representation(index)));

    /// <summary>Dropping an owned handle destroys the resource: the guest's destructor or the host's runs with the
    /// representation. Dropping a borrow only ends it; a lent, dangling or forged index, or a handle of another resource
    /// type, traps in the table.</summary>
    internal static Function ResourceDrop(ResourceTables tables, IResourceType resource, InstanceGuard guard) =>
        Function.FromDelegate(new Action<int>(index =>
        {
            guard.CheckMayLeave("resource.drop");
            var table = tables.For(resource.Key!);
            var own = table.IsOwn(index);
            var representation = table.Remove(index);
            if (own)
            {
                resource.Destructor?.Invoke(representation);
            }
        }));

    private object? Import(ImportDefinition import) => import.Type.Kind switch
    {
        ExternKind.Func => HostFunctionImport.Create(null, import.Name.Name, import.Type.Index, component.Scope),
        ExternKind.Instance => ImportedInstance(import.Name.Name, import.Type.Index),
        ExternKind.Type when import.Type.IsSubResource => new HostResource(import.Name.Name, linker.FindDestructor(string.Empty, import.Name.Name)),
        ExternKind.Type => Item(Sort.Type, import.Type.Index),
        _ => throw new UnsupportedComponentFeatureException($"import of a {import.Type.Kind}", "import section", component.Definition.Offset),
    };

    /// <summary>An imported instance: its functions are the host's, its resource types are host resources keyed by
    /// "instance#resource", and its <c>eq</c> types are whatever they are equal to.</summary>
    private Dictionary<string, object?> ImportedInstance(string instanceName, uint typeIndex)
    {
        var (definition, definitionScope) = CoreSignature.Resolve(typeIndex, component.Scope);
        var scope = component.Scope.InstanceTypeScope(typeIndex)!;
        var items = new Dictionary<string, object?>(StringComparer.Ordinal);
        var types = new List<object?>();
        foreach (var declaration in ((InstanceTypeDefinition)definition).Declarations)
        {
            switch (declaration)
            {
                case TypeDeclarationOfType:
                    types.Add(null);
                    break;
                case AliasDeclaration { Alias: OuterAlias { Sort: Sort.Type, Count: 1 } outer } when definitionScope == component.Scope:
                    types.Add(Item(Sort.Type, outer.Index));
                    break;
                case AliasDeclaration { Alias.Sort: Sort.Type }:
                    types.Add(null);
                    break;
                case ExportDeclaration { Type.Kind: ExternKind.Type } export:
                    var type = export.Type.IsSubResource
                        ? new HostResource($"{instanceName}#{export.Name.Name}", linker.FindDestructor(instanceName, export.Name.Name))
                        : types[(int)export.Type.Index];
                    types.Add(type);
                    items[export.Name.Name] = type;
                    break;
                case ExportDeclaration { Type.Kind: ExternKind.Func } export:
                    items[export.Name.Name] = HostFunctionImport.Create(instanceName, export.Name.Name, export.Type.Index, scope);
                    break;
            }
        }

        return items;
    }

    private object? InstanceExport(InstanceExportAlias alias)
    {
        var instance = (Dictionary<string, object?>)Item(Sort.Instance, alias.Instance)!;
        if (!instance.TryGetValue(alias.Name, out var item))
        {
            throw new LinkException($"instance {alias.Instance} has no export \"{alias.Name}\"");
        }

        var fits = alias.Sort switch
        {
            Sort.Instance => item is Dictionary<string, object?>,
            Sort.Func => item is HostFunctionImport or LiftedFunction,
            _ => true,
        };
        return fits ? item : throw new LinkException($"alias of \"{alias.Name}\" as {ComponentDecoder.SortName(alias.Sort)}: instance {alias.Instance} exports it as another sort");
    }

    /// <summary>A wit-component re-export shim: binds its imports to the arguments and returns what it exports.</summary>
    private Dictionary<string, object?> InstantiateShim(ComponentInstantiate instantiate)
    {
        var shim = (ComponentDefinition)Item(Sort.Component, instantiate.Component)!;
        var arguments = instantiate.Args.ToDictionary(a => a.Name, a => Item(a.Sort, a.Index));
        var shimSpaces = Enumerable.Range(0, Enum.GetValues<Sort>().Length).Select(_ => new List<object?>()).ToArray();
        var exported = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (sort, entry) in shim.DefinitionOrder)
        {
            object? item = entry.Origin switch
            {
                ImportDefinition import => arguments.TryGetValue(import.Name.Name, out var argument)
                    ? argument
                    : import.Type is { Kind: ExternKind.Type, IsSubResource: false } eq ? shimSpaces[(int)Sort.Type][(int)eq.Index]
                    : throw new LinkException($"nested component instantiation supplies no \"{import.Name.Name}\""),
                ExportDefinition export => shimSpaces[(int)export.Sort][(int)export.Index],
                OuterAlias { Count: 0 } own => shimSpaces[(int)own.Sort][(int)own.Index],
                OuterAlias outer => Item(outer.Sort, outer.Index),
                _ => null,
            };
            if (entry.Origin is ExportDefinition shimExport)
            {
                exported[shimExport.Name.Name] = item;
            }

            shimSpaces[(int)sort].Add(item);
        }

        return exported;
    }

    private object? Export(ExportDefinition export)
    {
        var item = Item(export.Sort, export.Index);
        switch (item)
        {
            case LiftedFunction function:
                exports[(string.Empty, export.Name.Name)] = function;
                break;
            case Dictionary<string, object?> instance:
                foreach (var (name, member) in instance)
                {
                    if (member is LiftedFunction memberFunction)
                    {
                        exports[(export.Name.Name, name)] = memberFunction;
                    }
                    else if (member is GuestResource { IsExported: false } resource)
                    {
                        var imported = component.Definition.Imports.Any(i => i.Name.Name == export.Name.Name);
                        var key = GuestResource.KeyFor(export.Name.Name, name, imported);
                        resources.Rename(resource.Key!, key);
                        resource.Key = key;
                        resource.IsExported = true;
                        if (!imported)
                        {
                            // Bindings of a world that imports the interface too use the "[export]" key; wit-component
                            // leaves out an import the core module never calls, so the component alone cannot tell.
                            exportKeyAliases.Add((GuestResource.KeyFor(export.Name.Name, name, interfaceAlsoImported: true), key));
                        }
                    }
                }

                break;
        }

        return item;
    }
}

/// <summary>A function imported from the host, with its WIT type for lowering checks and messages.</summary>
internal sealed record HostFunctionImport(string? InstanceName, string Name, FuncType Type, TypeScope Scope)
{
    public string DisplayName => InstanceName is null ? Name : $"{InstanceName}#{Name}";

    public static HostFunctionImport Create(string? instanceName, string name, uint typeIndex, TypeScope scope)
    {
        var (definition, definitionScope) = CoreSignature.Resolve(typeIndex, scope);
        return new HostFunctionImport(instanceName, name, (FuncType)definition, definitionScope);
    }
}

/// <summary>A resource type the component defines; its table key is the exporting interface and name.</summary>
internal sealed class GuestResource(Action<int>? destructor) : IResourceType
{
    public Action<int>? Destructor { get; set; } = destructor;

    public string? Key { get; set; }

    /// <summary>Whether <see cref="Key"/> is the exporting interface's name rather than a placeholder.</summary>
    public bool IsExported { get; set; }

    /// <summary>
    /// "&lt;interface&gt;#&lt;resource&gt;"; "[export]&lt;interface&gt;#&lt;resource&gt;" when the component also imports the
    /// interface, whose resource of the same name is the host's: another type, so another key.
    /// </summary>
    public static string KeyFor(string interfaceName, string resourceName, bool interfaceAlsoImported) =>
        $"{(interfaceAlsoImported ? "[export]" : "")}{interfaceName}#{resourceName}";
}

/// <summary>A resource type the host implements, keyed "instance#resource" as the component imports it.</summary>
internal sealed record HostResource(string Key, Action<int>? Destructor) : IResourceType;

/// <summary>A resource type as <c>resource.drop</c> sees it: its table key and destructor.</summary>
internal interface IResourceType
{
    string? Key { get; }

    Action<int>? Destructor { get; }
}
