using System.Reflection;
using System.Runtime.ExceptionServices;

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

    /// <summary>
    /// This function as a typed delegate whose calls pass values unboxed and do not allocate, with the same fuel,
    /// interruption, trap and call-depth behaviour as <see cref="Invoke"/>. Parameter and result types map as
    /// int = i32, long = i64, float = f32, double = f64, Vector128&lt;byte&gt; = v128 (lane 0 in the lowest bytes), object = externref, <see cref="Function"/> = funcref;
    /// a void return means no results (functions with several results need <see cref="Invoke"/>).
    /// </summary>
    /// <typeparam name="TDelegate">A public delegate type such as <c>Func&lt;int, int, long&gt;</c> or <c>Action&lt;double&gt;</c>.</typeparam>
    /// <returns>A delegate bound to this function.</returns>
    /// <exception cref="ArgumentException">The delegate's signature is not this function's type, or uses a type with no wasm equivalent.</exception>
    public TDelegate AsDelegate<TDelegate>()
        where TDelegate : Delegate
    {
        var expected = DelegateStubs.SignatureOf(typeof(TDelegate));
        if (!Type.Equals(expected))
        {
            throw new ArgumentException($"function has type {Type}, but delegate {typeof(TDelegate).Name} has type {expected}");
        }

        return DelegateStubs.CreateWrapper<TDelegate>(this);
    }

    /// <summary>
    /// This function as a typed handle (<see cref="TypedAction"/>, <see cref="TypedFunction{T1, T2, TResult}"/>, ... with up to
    /// four number or Vector128&lt;byte&gt; (v128) parameters), whose calls do not allocate and, for a function that calls no other, are inlined into the
    /// caller: the cheapest way to call a wasm function, with the same fuel, interruption, trap and call-depth behaviour as
    /// <see cref="Invoke"/>.
    /// </summary>
    /// <typeparam name="THandle">The handle type, e.g. <c>TypedFunction&lt;int, int, int&gt;</c> for (i32, i32) -> i32.</typeparam>
    /// <returns>A handle bound to this function.</returns>
    /// <exception cref="ArgumentException">The handle's signature is not this function's type, or uses a type with no wasm equivalent.</exception>
    public THandle AsTyped<THandle>()
        where THandle : TypedHandle
    {
        var constructor = typeof(THandle).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(Function), typeof(string)])
            ?? throw new ArgumentException($"{typeof(THandle).Name} is not a typed handle type");
        try
        {
            return (THandle)constructor.Invoke([this, null]);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is ArgumentException argument)
        {
            ExceptionDispatchInfo.Throw(argument);
            throw;
        }
    }

    /// <summary>
    /// A host function implemented by a typed delegate; guest calls reach it without boxing or allocation. The wasm type
    /// is derived from the delegate's signature (see <see cref="AsDelegate{TDelegate}"/> for the mapping). Exceptions
    /// other than <see cref="TrapException"/> reach the guest's caller as <see cref="TrapKind.HostFunctionFailed"/> traps
    /// carrying the original. The function can be passed as an import to <see cref="Instance.Create(Store, Module, IReadOnlyList{Extern})"/>
    /// or defined in a <see cref="Linker"/>.
    /// </summary>
    /// <param name="callback">The implementation, for example a <c>Func&lt;int, int, int&gt;</c>.</param>
    /// <returns>The host function.</returns>
    /// <exception cref="ArgumentException">The delegate type is not public or uses a type with no wasm equivalent.</exception>
    public static Function FromDelegate(Delegate callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new DelegateHostFunction(DelegateStubs.SignatureOf(callback.GetType()), callback);
    }

    /// <summary>A host function implemented by an untyped callback (values are boxed in <see cref="Value"/> spans; prefer <see cref="FromDelegate"/> on hot paths).</summary>
    /// <param name="type">The function's signature.</param>
    /// <param name="callback">The implementation.</param>
    /// <returns>The host function.</returns>
    public static Function FromCallback(FunctionType type, HostCallback callback)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(callback);
        return new HostFunction(type, callback);
    }

    /// <summary>Runs the function; arguments are already checked.</summary>
    internal abstract void InvokeCore(Value[] arguments, Value[] results);
}

/// <summary>A function implemented by the host through a typed delegate, called by compiled code through a generated adapter.</summary>
internal sealed class DelegateHostFunction : Function
{
    private readonly CallStubs.Trampoline _trampoline;

    public DelegateHostFunction(FunctionType type, Delegate callback) : base(type, new InstanceContext())
    {
        CallContext.HostDelegate = callback;
        Entry = DelegateStubs.GetHostAdapter(callback.GetType());
        _trampoline = CallStubs.GetTrampoline(type);
    }

    internal override void InvokeCore(Value[] arguments, Value[] results) => _trampoline(arguments, results, CallContext, Entry);
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

    public ModuleFunction(FunctionType type, InstanceContext context, MethodInfo method, nint entry, uint index, bool tracksCallDepth) : base(type, context)
    {
        Method = method;
        Entry = entry;
        Index = index;
        TracksCallDepth = tracksCallDepth;
        _trampoline = CallStubs.GetTrampoline(type);
    }

    /// <summary>The function's index in its module.</summary>
    public uint Index { get; }

    /// <summary>The compiled method behind <see cref="Function.Entry"/>.</summary>
    public MethodInfo Method { get; }

    /// <summary>Whether the compiled code changes <see cref="Store.CallDepth"/> (see <see cref="FunctionCompiler.TracksCallDepth"/>).</summary>
    public bool TracksCallDepth { get; }

    internal override void InvokeCore(Value[] arguments, Value[] results)
    {
        var store = CallContext.Store!;
        if (!TracksCallDepth)
        {
            Ops.CheckInterrupt(store);
        }

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
