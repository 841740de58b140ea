using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Components;

/// <summary>An instantiated component: its exported functions (for generated export proxies) and its resource tables.</summary>
public sealed class ComponentInstance : IComponentExports
{
    private readonly Dictionary<(string Instance, string Function), LiftedFunction> functions;
    private readonly Dictionary<string, Action<int>?> guestDestructors;

    internal ComponentInstance(
        Component component,
        ResourceTables resources,
        Dictionary<(string Instance, string Function), LiftedFunction> functions,
        Dictionary<string, Action<int>?> guestDestructors)
    {
        Component = component;
        Resources = resources;
        this.functions = functions;
        this.guestDestructors = guestDestructors;
    }

    /// <summary>The component this is an instance of.</summary>
    public Component Component { get; }

    /// <summary>The instance's resource handle tables, shared by all of its lifted and lowered functions.</summary>
    public ResourceTables Resources { get; }

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

    /// <summary>
    /// Destroys a resource this component defines whose owned handle the host holds (lifted out of an export's result):
    /// runs the component's destructor for the type, if it has one, with the representation.
    /// </summary>
    /// <param name="resourceKey">The resource's key, "&lt;exported interface&gt;#&lt;resource&gt;", e.g. <c>witsharp:handles/counters@1.0.0#counter</c>.</param>
    /// <param name="representation">The representation the host received when it lifted the owned handle.</param>
    /// <exception cref="KeyNotFoundException">The component defines no resource with that key.</exception>
    /// <exception cref="TrapException">The destructor trapped.</exception>
    public void DropResource(string resourceKey, int representation)
    {
        ArgumentNullException.ThrowIfNull(resourceKey);
        if (!guestDestructors.TryGetValue(resourceKey, out var destructor))
        {
            throw new KeyNotFoundException($"the component defines no resource {resourceKey} (it defines: {string.Join(", ", guestDestructors.Keys.Order(StringComparer.Ordinal))})");
        }

        destructor?.Invoke(representation);
    }
}

/// <summary>A <c>canon lift</c>ed core function with its options and post-return function.</summary>
internal sealed class ComponentLiftedFunction(Function core, Function? postReturn, CanonicalOptions options) : LiftedFunction
{
    public override CanonicalOptions Options { get; } = options;

    public override TDelegate GetCore<TDelegate>() => core.AsDelegate<TDelegate>();

    public override TDelegate? GetPostReturn<TDelegate>() where TDelegate : class => postReturn?.AsDelegate<TDelegate>();
}

/// <summary>An engine memory as the canonical ABI code sees it; always the current buffer, so growth is visible.</summary>
internal sealed class EngineGuestMemory(Memory memory) : GuestMemory
{
    public override Span<byte> Bytes => memory.Span;
}
