namespace WitSharp.Wasm;

/// <summary>The untyped host-function callback: reads the arguments and writes exactly one value per result.</summary>
/// <param name="arguments">The arguments, one per parameter of the function type.</param>
/// <param name="results">Space for the results, one per result of the function type.</param>
public delegate void HostCallback(ReadOnlySpan<Value> arguments, Span<Value> results);

/// <summary>A callable function: defined by a module or by the host.</summary>
public abstract class Function : Extern
{
    /// <summary>The context compiled code passes as the hidden last argument when calling <see cref="Entry"/>.</summary>
    internal readonly InstanceContext CallContext;

    /// <summary>Native entry point with the compiled calling convention (see <see cref="ModuleCompiler"/>).</summary>
    internal nint Entry;

    private protected Function(FunctionType type, InstanceContext callContext)
    {
        Type = type;
        CallContext = callContext;
    }

    /// <inheritdoc/>
    public override ExternalKind Kind => ExternalKind.Function;

    /// <summary>The function's signature.</summary>
    public FunctionType Type { get; }

    /// <inheritdoc/>
    public override string DescribeType() => $"func {Type}";

    /// <summary>Calls the function with untyped values (checked against the signature). This path allocates; use typed handles on hot paths.</summary>
    /// <param name="arguments">One value per parameter.</param>
    /// <returns>One value per result.</returns>
    /// <exception cref="TrapException">The guest trapped, or a host function failed (the host's exception is the inner exception).</exception>
    public Value[] Invoke(ReadOnlySpan<Value> arguments)
    {
        var parameters = Type.ParameterArray;
        if (arguments.Length != parameters.Length)
        {
            throw new ArgumentException($"expected {parameters.Length} arguments, got {arguments.Length}", nameof(arguments));
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (arguments[i].Type != parameters[i])
            {
                throw new ArgumentException($"argument {i} has type {arguments[i].Type.ToWatName()}, expected {parameters[i].ToWatName()}", nameof(arguments));
            }
        }

        var results = new Value[Type.ResultArray.Length];
        InvokeCore(arguments.ToArray(), results);
        return results;
    }

    /// <summary>Runs the function; arguments are already checked.</summary>
    internal abstract void InvokeCore(Value[] arguments, Value[] results);
}

/// <summary>A function implemented by the host through an untyped callback.</summary>
internal sealed class HostFunction : Function
{
    private readonly HostCallback _callback;

    public HostFunction(FunctionType type, HostCallback callback) : base(type, new InstanceContext())
    {
        _callback = callback;
        CallContext.Host = this;
        Entry = CallStubs.GetHostAdapter(type);
    }

    /// <summary>Runs the callback. Exceptions other than traps become <see cref="TrapKind.HostFunctionFailed"/> traps carrying the original.</summary>
    internal override void InvokeCore(Value[] arguments, Value[] results)
    {
        try
        {
            _callback(arguments, results);
        }
        catch (TrapException)
        {
            throw;
        }
        catch (Exception exception)
        {
            throw new TrapException(TrapKind.HostFunctionFailed, exception);
        }

        var expected = Type.ResultArray;
        for (var i = 0; i < expected.Length; i++)
        {
            if (results[i].Type != expected[i])
            {
                throw new TrapException(TrapKind.HostFunctionFailed,
                    new InvalidOperationException($"host function result {i} has type {results[i].Type.ToWatName()}, expected {expected[i].ToWatName()}"));
            }
        }
    }

    /// <summary>Called by the generated adapter when compiled code calls this function.</summary>
    internal static Value[] CallFromGuest(Value[] arguments, InstanceContext context)
    {
        var function = context.Host!;
        var results = new Value[function.Type.ResultArray.Length];
        function.InvokeCore(arguments, results);
        if (results.Length > 1)
        {
            results.CopyTo(ResultBuffer.Ensure(results.Length), 0);
        }

        return results;
    }
}

/// <summary>A function defined by a module instance, running compiled code.</summary>
internal sealed class ModuleFunction : Function
{
    private readonly CallStubs.Trampoline _trampoline;

    public ModuleFunction(FunctionType type, InstanceContext context, nint entry, uint index) : base(type, context)
    {
        Entry = entry;
        Index = index;
        _trampoline = CallStubs.GetTrampoline(type);
    }

    /// <summary>The function's index in its module.</summary>
    public uint Index { get; }

    internal override void InvokeCore(Value[] arguments, Value[] results)
    {
        var store = CallContext.Store!;
        var depth = store.CallDepth;
        try
        {
            _trampoline(arguments, results, CallContext, Entry);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new TrapException(TrapKind.StackExhausted);
        }
        finally
        {
            store.CallDepth = depth;
        }
    }
}
