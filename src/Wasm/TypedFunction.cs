namespace WitSharp.Wasm;

/// <summary>A wasm function with a fixed signature, called without allocation. Get one from <see cref="Instance.GetFunction{T1, T2, TResult}(string)"/>.</summary>
/// <typeparam name="T1">First parameter: int, long, float or double.</typeparam>
/// <typeparam name="T2">Second parameter: int, long, float or double.</typeparam>
/// <typeparam name="TResult">Result: int, long, float or double.</typeparam>
public sealed unsafe class TypedFunction<T1, T2, TResult>
{
    private readonly InstanceContext _context;
    private readonly delegate*<T1, T2, InstanceContext, TResult> _entry;
    private readonly bool _isLeaf;

    internal TypedFunction(ModuleFunction function)
    {
        _context = function.CallContext;
        _entry = (delegate*<T1, T2, InstanceContext, TResult>)function.Entry;
        _isLeaf = !function.TracksCallDepth;
    }

    /// <summary>Calls the function.</summary>
    /// <param name="first">The first argument.</param>
    /// <param name="second">The second argument.</param>
    /// <returns>The result.</returns>
    /// <exception cref="TrapException">The guest trapped.</exception>
    public TResult Invoke(T1 first, T2 second)
    {
        var store = _context.Store!;
        if (_isLeaf)
        {
            // A leaf's prologue neither polls interrupts nor changes the call depth.
            Ops.CheckInterrupt(store);
            return _entry(first, second, _context);
        }

        var depth = store.CallDepth;
        try
        {
            return _entry(first, second, _context);
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

/// <summary>Checks typed-handle type arguments against wasm signatures.</summary>
internal static class TypedSignature
{
    public static ValueType Of<T>() =>
        typeof(T) == typeof(int) ? ValueType.I32
        : typeof(T) == typeof(long) ? ValueType.I64
        : typeof(T) == typeof(float) ? ValueType.F32
        : typeof(T) == typeof(double) ? ValueType.F64
        : throw new ArgumentException($"{typeof(T).Name} is not a wasm number type (int, long, float, double)");

    public static ModuleFunction Require(Function? function, string name, ValueType[] parameters, ValueType[] results)
    {
        if (function is not ModuleFunction compiled)
        {
            throw new ArgumentException($"export '{name}' is not a function defined by a wasm module", nameof(name));
        }

        var expected = new FunctionType(parameters, results);
        if (!compiled.Type.Equals(expected))
        {
            throw new ArgumentException($"export '{name}' has type {compiled.Type}, not {expected}", nameof(name));
        }

        return compiled;
    }
}
