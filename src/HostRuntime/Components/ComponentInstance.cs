using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Components;

/// <summary>An instantiated component: its exported functions (for generated export proxies) and its resource tables.</summary>
public sealed class ComponentInstance : IComponentExports
{
    private readonly Dictionary<(string Instance, string Function), LiftedFunction> functions;

    internal ComponentInstance(Component component, ResourceTables resources, Dictionary<(string Instance, string Function), LiftedFunction> functions)
    {
        Component = component;
        Resources = resources;
        this.functions = functions;
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
