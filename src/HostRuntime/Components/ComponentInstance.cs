using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Components;

/// <summary>An instantiated component: its exported functions (for generated export proxies) and its resource handle table.</summary>
public sealed class ComponentInstance : IComponentExports
{
    private readonly Dictionary<(string Instance, string Function), LiftedFunction> functions;
    private readonly Dictionary<string, Action<int>?> guestDestructors;
    private readonly InstanceGuard guard;

    internal ComponentInstance(
        Component component,
        ResourceTables resources,
        InstanceGuard guard,
        Dictionary<(string Instance, string Function), LiftedFunction> functions,
        Dictionary<string, Action<int>?> guestDestructors)
    {
        Component = component;
        Resources = resources;
        this.guard = guard;
        this.functions = functions;
        this.guestDestructors = guestDestructors;
    }

    /// <summary>The component this is an instance of.</summary>
    public Component Component { get; }

    /// <summary>The instance's resource handle table, shared by all of its resource types and all of its lifted and lowered functions.</summary>
    public ResourceTables Resources { get; }

    /// <summary>
    /// The exception with which a call into the instance trapped (or a host import failed), or <see langword="null"/>
    /// while the instance is usable. After a trap every call is refused with a <see cref="CanonicalAbiTrapException"/>
    /// carrying this as its inner exception: the instance's state is unknown, so discard it and instantiate again.
    /// </summary>
    public Exception? Trap => guard.Trap;

    /// <inheritdoc/>
    /// <exception cref="KeyNotFoundException">The component exports no such function; the message lists what it exports.</exception>
    public LiftedFunction GetFunction(string? instanceName, string functionName)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        if (functions.TryGetValue((instanceName ?? string.Empty, functionName), out var function))
        {
            return function;
        }

        var exported = string.Join(", ", functions.Keys.Select(k => k.Instance.Length == 0 ? k.Function : $"{k.Instance}#{k.Function}").Order(StringComparer.Ordinal));
        var wanted = instanceName is null ? functionName : $"{instanceName}#{functionName}";
        throw new KeyNotFoundException($"the component exports no function {wanted} (it exports: {exported})");
    }

    /// <summary>The exported functions as (interface name, or null at world level; function name), in name order.</summary>
    public IReadOnlyList<(string? Instance, string Function)> ExportedFunctions =>
        functions.Keys.Select(k => (k.Instance.Length == 0 ? null : k.Instance, k.Function))
            .OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Function, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Returns an exported function for calls with untyped <see cref="ComponentValue"/>s (see <see cref="ComponentFunction"/>),
    /// with its component-level type.
    /// </summary>
    /// <param name="instanceName">The exported interface's name (e.g. <c>wasi:cli/run@0.2.0</c>), or null for a function the world exports directly.</param>
    /// <param name="functionName">The function's name, e.g. <c>add</c> or <c>[method]counter.get</c>.</param>
    /// <exception cref="KeyNotFoundException">The component exports no such function; the message lists what it exports.</exception>
    /// <exception cref="UnsupportedComponentFeatureException">The function's type has a resource handle the dynamic path cannot
    /// identify (a resource type declared in a nested type scope, or a world-level resource of a core module with an embedded world).</exception>
    public ComponentFunction GetDynamicFunction(string? instanceName, string functionName)
    {
        var lifted = (ComponentLiftedFunction)GetFunction(instanceName, functionName);
        return new ComponentFunction(instanceName is null ? functionName : $"{instanceName}#{functionName}", lifted.Type, lifted);
    }

    /// <summary>
    /// Destroys a resource this component defines whose owned handle the host holds (lifted out of an export's result):
    /// runs the component's destructor for the type, if it has one, with the representation. Nothing runs once the
    /// instance has trapped (see <see cref="Trap"/>): its resources went with its state.
    /// </summary>
    /// <param name="resourceKey">The resource's key, "&lt;exported interface&gt;#&lt;resource&gt;", e.g. <c>witsharp:handles/counters@1.0.0#counter</c>;
    /// "[export]&lt;interface&gt;#&lt;resource&gt;" when the component also imports the interface (whose resource of that name is the host's).</param>
    /// <param name="representation">The representation the host received when it lifted the owned handle.</param>
    /// <exception cref="KeyNotFoundException">The component defines no resource with that key.</exception>
    /// <exception cref="TrapException">The destructor trapped (which poisons the instance).</exception>
    /// <exception cref="CanonicalAbiTrapException">The instance is running: a host import dropped one of its resources.</exception>
    public void DropResource(string resourceKey, int representation)
    {
        ArgumentNullException.ThrowIfNull(resourceKey);
        if (!guestDestructors.TryGetValue(resourceKey, out var destructor))
        {
            throw new KeyNotFoundException($"the component defines no resource {resourceKey} (it defines: {string.Join(", ", guestDestructors.Keys.Order(StringComparer.Ordinal))})");
        }

        if (destructor is null || guard.Trap is not null)
        {
            return;
        }

        guard.Enter();
        try
        {
            destructor(representation);
            guard.Leave();
        }
        catch (Exception exception) when (guard.Poison(exception))
        {
            throw;
        }
    }
}

/// <summary>A <c>canon lift</c>ed core function with its options and post-return function; <paramref name="describe"/>
/// builds its component-level type for the dynamic call path when first asked.</summary>
internal sealed class ComponentLiftedFunction(Function core, Function? postReturn, CanonicalOptions options, InstanceGuard guard, Func<ComponentFunctionType> describe)
    : LiftedFunction(options, guard)
{
    private ComponentFunctionType? type;

    public Function Core => core;

    public Function? PostReturn => postReturn;

    public ComponentFunctionType Type => type ??= describe();

    // A component whose export does not have the type the bindings were generated for fails with a LinkException here.
    public override TDelegate GetCore<TDelegate>() => Instantiation.Bind<TDelegate>(core, "the core function of an exported function");

    public override THandle GetTypedCore<THandle>() => Instantiation.BindTyped<THandle>(core, "the core function of an exported function");

    public override TDelegate? GetPostReturn<TDelegate>() where TDelegate : class =>
        postReturn is null ? null : MayLeaveGates.PostReturn(Instantiation.Bind<TDelegate>(postReturn, "the post-return function of an exported function"), Guard);
}

/// <summary>An engine memory as the canonical ABI code sees it; always the current buffer, so growth is visible.</summary>
internal sealed class EngineGuestMemory(Memory memory) : GuestMemory
{
    public override Span<byte> Bytes => memory.Span;
}
