using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Components;

/// <summary>
/// Instantiates a core module that carries its world in a <c>component-type</c> section, doing what wit-component's
/// <c>component new</c> would: imports are matched by the Canonical ABI's core names (<c>$root</c> for world functions,
/// the interface name for interface functions and <c>[resource-drop]R</c> (<c>$root</c> for a world-level resource's),
/// <c>[export]&lt;interface&gt;</c> for <c>[resource-new]R</c>/<c>[resource-rep]R</c>/<c>[resource-drop]R</c>), exports are lifted from the core exports
/// <c>name</c> or <c>interface#name</c> with <c>cabi_post_*</c>, <c>memory</c>, <c>cabi_realloc</c> and UTF-8 strings,
/// and <c>_initialize</c> runs first. Modules using the standard <c>cm32p2</c> names are matched too (<see cref="CoreNames"/>).
/// </summary>
internal sealed class EmbeddedInstantiation(ComponentLinker linker, Store store, Component component)
{
    private const string RootModule = "$root";
    private const string ExportPrefix = "[export]";

    private readonly TypeScope world = component.EmbeddedWorld!;
    private readonly Module module = component.EmbeddedModule!;
    private readonly CoreNames names = CoreNames.For(
        component.EmbeddedModule!, component.EmbeddedWorld!.Externs.Where(e => e.Type.Kind == ExternKind.Instance).Select(e => e.Name.Name));
    private readonly ResourceTables resources = ResourceTables.Within(store.Limits);
    private readonly InstanceGuard guard = new();
    private readonly Dictionary<string, GuestResource> guestResources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> guestDestructorExports = new(StringComparer.Ordinal);
    private readonly LateMemory memory = new();
    private ReallocFunction? realloc;

    public ComponentInstance Run()
    {
        memory.LiftGuard = guard;
        var options = new CanonicalOptions(memory, Realloc, CanonicalAbi.StringEncoding.Utf8, resources);
        var imports = new Extern[module.Imports.Count];
        var missing = new List<string>();
        for (var i = 0; i < imports.Length; i++)
        {
            imports[i] = Import(module.Imports[i], options, missing)!;
        }

        if (missing.Count > 0)
        {
            throw new LinkException($"component imports {missing.Count} function(s) the linker does not define: {string.Join("; ", missing)}");
        }

        var instance = Instance.Create(store, module, imports);
        memory.Memory = instance.GetMemory(names.Memory);
        realloc = instance.GetFunction(names.Realloc) is { } reallocFunction
            ? MayLeaveGates.Realloc(Instantiation.Bind<ReallocFunction>(reallocFunction, names.Realloc), guard)
            : null;
        foreach (var (key, resource) in guestResources)
        {
            var destructorName = guestDestructorExports[key];
            resource.Destructor = instance.GetFunction(destructorName) is { } destructor ? Instantiation.Bind<Action<int>>(destructor, destructorName) : null;
        }

        if (instance.GetFunction(names.Initialize) is { } initialize)
        {
            Instantiation.Bind<Action>(initialize, names.Initialize)();
        }

        return new ComponentInstance(component, resources, guard, Exports(instance, options), guestResources.ToDictionary(r => r.Key, r => r.Value.Destructor, StringComparer.Ordinal));
    }

    private int Realloc(int originalPointer, int originalSize, int alignment, int newSize) =>
        (realloc ?? throw new CanonicalAbiTrapException($"the core module exports no {names.Realloc}"))(originalPointer, originalSize, alignment, newSize);

    private Extern? Import(ExternDescriptor wanted, CanonicalOptions options, List<string> missing)
    {
        var (moduleName, functionName) = names.Import(wanted.Module, wanted.Name);
        if (moduleName.StartsWith(ExportPrefix, StringComparison.Ordinal) && ResourceName(functionName) is var (builtin, resourceName))
        {
            var interfaceName = moduleName[ExportPrefix.Length..];
            var key = GuestResource.KeyFor(interfaceName, resourceName, ImportsInstance(interfaceName));
            if (!guestResources.TryGetValue(key, out var resource))
            {
                resource = new GuestResource(null) { Key = key };
                guestResources.Add(key, resource);
                guestDestructorExports.Add(key, names.Destructor(interfaceName, resourceName));
            }

            return builtin switch
            {
                "new" => Instantiation.ResourceNew(resources, resource, guard),
                "rep" => Instantiation.ResourceRep(resources, resource),
                _ => Instantiation.ResourceDrop(resources, resource, guard),
            };
        }

        var instanceName = moduleName == RootModule ? null : moduleName;
        if (ResourceName(functionName) is ("drop", var hostResource))
        {
            // A resource the world declares itself is a top-level import: keyed by its name alone, its destructor defined
            // under the empty instance name, as the component's instantiation does.
            return instanceName is null
                ? Instantiation.ResourceDrop(resources, new HostResource(hostResource, linker.FindDestructor(string.Empty, hostResource)), guard)
                : Instantiation.ResourceDrop(resources, new HostResource($"{instanceName}#{hostResource}", linker.FindDestructor(instanceName, hostResource)), guard);
        }

        var host = WorldFunction(instanceName, functionName)
            ?? throw new LinkException($"core module imports \"{wanted.Module}\" \"{wanted.Name}\" ({wanted.DescribeType()}), which its world does not declare");
        if (linker.FindFunction(instanceName, functionName) is not { } lowering)
        {
            missing.Add($"{host.DisplayName}: {new WitPrinter().Definition(host.Type, host.Scope)}");
            return null;
        }

        return Instantiation.LowerHostFunction(lowering, host, options, guard);
    }

    /// <summary>"[resource-new]R" -> ("new", "R"); null for other names.</summary>
    private static (string Builtin, string Resource)? ResourceName(string name)
    {
        foreach (var builtin in (string[])["new", "rep", "drop"])
        {
            var prefix = $"[resource-{builtin}]";
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return (builtin, name[prefix.Length..]);
            }
        }

        return null;
    }

    private bool ImportsInstance(string instanceName) =>
        world.Externs.Any(e => e.IsImport && e.Type.Kind == ExternKind.Instance && e.Name.Name == instanceName);

    /// <summary>An imported function of the world: at world level, or inside an imported interface.</summary>
    private HostFunctionImport? WorldFunction(string? instanceName, string name)
    {
        foreach (var (isImport, externName, type) in world.Externs)
        {
            if (!isImport)
            {
                continue;
            }

            if (instanceName is null && type.Kind == ExternKind.Func && externName.Name == name)
            {
                return HostFunctionImport.Create(null, name, type.Index, world);
            }

            if (type.Kind == ExternKind.Instance && externName.Name == instanceName && world.InstanceTypeScope(type.Index) is { } instance)
            {
                var function = instance.Externs.FirstOrDefault(e => e.Type.Kind == ExternKind.Func && e.Name.Name == name);
                return function.Name is null ? null : HostFunctionImport.Create(instanceName, name, function.Type.Index, instance);
            }
        }

        return null;
    }

    /// <summary>Each exported function of the world, lifted from its core export by the conventional names.</summary>
    private Dictionary<(string, string), LiftedFunction> Exports(Instance instance, CanonicalOptions options)
    {
        var exports = new Dictionary<(string, string), LiftedFunction>();
        void Lift(string? instanceName, string name, uint typeIndex, TypeScope scope)
        {
            var coreName = names.Export(instanceName, name);
            var core = instance.GetFunction(coreName) ?? throw new LinkException($"the core module does not export \"{coreName}\" for its world's export {(instanceName is null ? name : $"{instanceName}#{name}")}");
            var (definition, definitionScope) = CoreSignature.Resolve(typeIndex, scope);
            var expected = CoreSignature.ForLift((FuncType)definition, definitionScope);
            if (!core.Type.Equals(expected))
            {
                throw new LinkException($"core export \"{coreName}\" has type {core.Type}, but {new WitPrinter().Definition(definition, definitionScope)} lifts from {expected}");
            }

            var postReturn = instance.GetFunction(names.PostReturn(coreName));
            Instantiation.CheckPostReturn(postReturn, expected, new WitPrinter().Definition(definition, definitionScope));
            exports[(instanceName ?? string.Empty, name)] = new ComponentLiftedFunction(
                core, postReturn, options, guard, () => ComponentValueTypes.Function((FuncType)definition, definitionScope, (index, typeScope) => Resource(index, typeScope, instanceName, scope)));
        }

        foreach (var (isImport, name, type) in world.Externs)
        {
            if (isImport)
            {
                continue;
            }

            if (type.Kind == ExternKind.Func)
            {
                Lift(null, name.Name, type.Index, world);
            }
            else if (type.Kind == ExternKind.Instance && world.InstanceTypeScope(type.Index) is { } exported)
            {
                foreach (var (_, member, memberType) in exported.Externs)
                {
                    if (memberType.Kind == ExternKind.Func)
                    {
                        Lift(name.Name, member.Name, memberType.Index, exported);
                    }
                }
            }
        }

        return exports;
    }

    /// <summary>
    /// The resource behind a handle type of an exported function, for the dynamic call path: one the exported interface
    /// declares is the module's own (keyed as its resource builtins are), one an imported interface declares is the host's.
    /// World-level resources and anything else stay unidentified (null).
    /// </summary>
    private IResourceType? Resource(uint index, TypeScope typeScope, string? exportingInstance, TypeScope exportedScope)
    {
        if (typeScope.Type(index) is not { IsAbstractResource: true, Name: { } resourceName, Scope: { } owner })
        {
            return null;
        }

        if (owner == exportedScope && exportingInstance is not null)
        {
            var key = GuestResource.KeyFor(exportingInstance, resourceName, ImportsInstance(exportingInstance));
            return guestResources.TryGetValue(key, out var guest) ? guest : new GuestResource(null) { Key = key };
        }

        var instanceExterns = world.Externs.Where(e => e.Type.Kind == ExternKind.Instance).ToList();
        var declaring = Enumerable.Range(0, instanceExterns.Count).FirstOrDefault(i => world.Instance((uint)i) == owner, -1);
        return declaring >= 0 && instanceExterns[declaring].IsImport
            ? new HostResource($"{instanceExterns[declaring].Name.Name}#{resourceName}", null)
            : null;
    }

    /// <summary>The module's memory, known only once it is instantiated (lowered imports are made before).</summary>
    private sealed class LateMemory : GuestMemory
    {
        public Memory? Memory { get; set; }

        public override Span<byte> Bytes => (Memory ?? throw new CanonicalAbiTrapException("the core module exports no memory")).Span;
    }
}
