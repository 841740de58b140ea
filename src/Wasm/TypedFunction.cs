using System.Runtime.CompilerServices;

namespace WitSharp.Wasm;

/// <summary>
/// A wasm function with a fixed signature of numbers (v128 as <see cref="System.Runtime.Intrinsics.Vector128{T}"/> of bytes), called without allocation or boxing: the subclasses
/// <c>TypedAction</c> and <c>TypedFunction</c> with zero to four parameters. A call of a function that calls no other
/// (a leaf) checks the store's interrupt flags and jumps straight into the compiled code, and the JIT inlines it into the
/// caller; other calls also keep the store's call depth and turn .NET stack exhaustion into a trap. Get a handle from
/// <see cref="Function.AsTyped{THandle}"/> or <see cref="Instance.GetFunction{T1, T2, TResult}(string)"/>.
/// </summary>
public abstract class TypedHandle
{
    private protected readonly InstanceContext Context;
    private protected readonly nint Entry;
    private protected readonly bool IsLeaf;
    private readonly Store? store;

    private protected TypedHandle(Function function, ValueType[] parameters, ValueType[] results, string? name)
    {
        var expected = new FunctionType(parameters, results);
        if (!function.Type.Equals(expected))
        {
            throw new ArgumentException(name is null
                ? $"function has type {function.Type}, but {Describe(GetType())} calls it as {expected}"
                : $"export '{name}' has type {function.Type}, not {expected}");
        }

        // Host functions keep their own contexts, with no store: they go through the tracked path, which skips the store.
        Context = function.CallContext;
        Entry = function.Entry;
        store = Context.Store;
        IsLeaf = function is ModuleFunction { TracksCallDepth: false };
    }

    /// <summary>A leaf's prologue neither polls interrupts nor changes the call depth, so its caller polls.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void CheckInterrupt() => Ops.CheckInterrupt(store!);

    private protected int EnterTracked() => store?.CallDepth ?? 0;

    private protected void LeaveTracked(int depth)
    {
        if (store is not null)
        {
            store.CallDepth = depth;
        }
    }

    /// <summary>A handle type as C# writes it, e.g. <c>TypedAction&lt;int, int&gt;</c>.</summary>
    private static string Describe(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(argument => argument.Name))}>"
        : type.Name;

    /// <summary>The wasm type of a handle's type argument.</summary>
    private protected static ValueType Of<T>() =>
        IlTypes.ValueTypeOf(typeof(T)) is { } type and not (ValueType.ExternRef or ValueType.FuncRef)
            ? type
            : throw new ArgumentException($"{typeof(T).Name} is not a wasm number type (int, long, float, double, Vector128<byte>)");
}


/// <summary>A wasm function with 0 parameters and no results, called without allocation (see <see cref="TypedHandle"/>).</summary>
public sealed unsafe class TypedAction : TypedHandle
{
    internal TypedAction(Function function, string? name = null) : base(function, [], [], name)
    {
    }

    /// <summary>Calls the function.</summary>
    /// <exception cref="TrapException">The guest trapped.</exception>
    public void Invoke()
    {
        if (!IsLeaf)
        {
            InvokeTracked();
            return;
        }

        CheckInterrupt();
        ((delegate*<InstanceContext, void>)Entry)(Context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void InvokeTracked()
    {
        var depth = EnterTracked();
        try
        {
            ((delegate*<InstanceContext, void>)Entry)(Context);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new TrapException(TrapKind.StackExhausted);
        }
        finally
        {
            LeaveTracked(depth);
        }
    }
}

/// <summary>A wasm function with 1 parameter and no results, called without allocation (see <see cref="TypedHandle"/>).</summary>
/// <typeparam name="T1">Parameter 1: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
public sealed unsafe class TypedAction<T1> : TypedHandle
{
    internal TypedAction(Function function, string? name = null) : base(function, [Of<T1>()], [], name)
    {
    }

    /// <summary>Calls the function.</summary>
    /// <param name="first">Argument 1.</param>
    /// <exception cref="TrapException">The guest trapped.</exception>
    public void Invoke(T1 first)
    {
        if (!IsLeaf)
        {
            InvokeTracked(first);
            return;
        }

        CheckInterrupt();
        ((delegate*<T1, InstanceContext, void>)Entry)(first, Context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void InvokeTracked(T1 first)
    {
        var depth = EnterTracked();
        try
        {
            ((delegate*<T1, InstanceContext, void>)Entry)(first, Context);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new TrapException(TrapKind.StackExhausted);
        }
        finally
        {
            LeaveTracked(depth);
        }
    }
}

/// <summary>A wasm function with 2 parameters and no results, called without allocation (see <see cref="TypedHandle"/>).</summary>
/// <typeparam name="T1">Parameter 1: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="T2">Parameter 2: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
public sealed unsafe class TypedAction<T1, T2> : TypedHandle
{
    internal TypedAction(Function function, string? name = null) : base(function, [Of<T1>(), Of<T2>()], [], name)
    {
    }

    /// <summary>Calls the function.</summary>
    /// <param name="first">Argument 1.</param>
    /// <param name="second">Argument 2.</param>
    /// <exception cref="TrapException">The guest trapped.</exception>
    public void Invoke(T1 first, T2 second)
    {
        if (!IsLeaf)
        {
            InvokeTracked(first, second);
            return;
        }

        CheckInterrupt();
        ((delegate*<T1, T2, InstanceContext, void>)Entry)(first, second, Context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void InvokeTracked(T1 first, T2 second)
    {
        var depth = EnterTracked();
        try
        {
            ((delegate*<T1, T2, InstanceContext, void>)Entry)(first, second, Context);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new TrapException(TrapKind.StackExhausted);
        }
        finally
        {
            LeaveTracked(depth);
        }
    }
}

/// <summary>A wasm function with 3 parameters and no results, called without allocation (see <see cref="TypedHandle"/>).</summary>
/// <typeparam name="T1">Parameter 1: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="T2">Parameter 2: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="T3">Parameter 3: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
public sealed unsafe class TypedAction<T1, T2, T3> : TypedHandle
{
    internal TypedAction(Function function, string? name = null) : base(function, [Of<T1>(), Of<T2>(), Of<T3>()], [], name)
    {
    }

    /// <summary>Calls the function.</summary>
    /// <param name="first">Argument 1.</param>
    /// <param name="second">Argument 2.</param>
    /// <param name="third">Argument 3.</param>
    /// <exception cref="TrapException">The guest trapped.</exception>
    public void Invoke(T1 first, T2 second, T3 third)
    {
        if (!IsLeaf)
        {
            InvokeTracked(first, second, third);
            return;
        }

        CheckInterrupt();
        ((delegate*<T1, T2, T3, InstanceContext, void>)Entry)(first, second, third, Context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void InvokeTracked(T1 first, T2 second, T3 third)
    {
        var depth = EnterTracked();
        try
        {
            ((delegate*<T1, T2, T3, InstanceContext, void>)Entry)(first, second, third, Context);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new TrapException(TrapKind.StackExhausted);
        }
        finally
        {
            LeaveTracked(depth);
        }
    }
}

/// <summary>A wasm function with 4 parameters and no results, called without allocation (see <see cref="TypedHandle"/>).</summary>
/// <typeparam name="T1">Parameter 1: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="T2">Parameter 2: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="T3">Parameter 3: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="T4">Parameter 4: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
public sealed unsafe class TypedAction<T1, T2, T3, T4> : TypedHandle
{
    internal TypedAction(Function function, string? name = null) : base(function, [Of<T1>(), Of<T2>(), Of<T3>(), Of<T4>()], [], name)
    {
    }

    /// <summary>Calls the function.</summary>
    /// <param name="first">Argument 1.</param>
    /// <param name="second">Argument 2.</param>
    /// <param name="third">Argument 3.</param>
    /// <param name="fourth">Argument 4.</param>
    /// <exception cref="TrapException">The guest trapped.</exception>
    public void Invoke(T1 first, T2 second, T3 third, T4 fourth)
    {
        if (!IsLeaf)
        {
            InvokeTracked(first, second, third, fourth);
            return;
        }

        CheckInterrupt();
        ((delegate*<T1, T2, T3, T4, InstanceContext, void>)Entry)(first, second, third, fourth, Context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void InvokeTracked(T1 first, T2 second, T3 third, T4 fourth)
    {
        var depth = EnterTracked();
        try
        {
            ((delegate*<T1, T2, T3, T4, InstanceContext, void>)Entry)(first, second, third, fourth, Context);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new TrapException(TrapKind.StackExhausted);
        }
        finally
        {
            LeaveTracked(depth);
        }
    }
}

/// <summary>A wasm function with 0 parameters and one result, called without allocation (see <see cref="TypedHandle"/>).</summary>
/// <typeparam name="TResult">The result: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
public sealed unsafe class TypedFunction<TResult> : TypedHandle
{
    internal TypedFunction(Function function, string? name = null) : base(function, [], [Of<TResult>()], name)
    {
    }

    /// <summary>Calls the function.</summary>
    /// <returns>The result.</returns>
    /// <exception cref="TrapException">The guest trapped.</exception>
    public TResult Invoke()
    {
        if (!IsLeaf)
        {
            return InvokeTracked();
        }

        CheckInterrupt();
        return ((delegate*<InstanceContext, TResult>)Entry)(Context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TResult InvokeTracked()
    {
        var depth = EnterTracked();
        try
        {
            return ((delegate*<InstanceContext, TResult>)Entry)(Context);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new TrapException(TrapKind.StackExhausted);
        }
        finally
        {
            LeaveTracked(depth);
        }
    }
}

/// <summary>A wasm function with 1 parameter and one result, called without allocation (see <see cref="TypedHandle"/>).</summary>
/// <typeparam name="T1">Parameter 1: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="TResult">The result: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
public sealed unsafe class TypedFunction<T1, TResult> : TypedHandle
{
    internal TypedFunction(Function function, string? name = null) : base(function, [Of<T1>()], [Of<TResult>()], name)
    {
    }

    /// <summary>Calls the function.</summary>
    /// <param name="first">Argument 1.</param>
    /// <returns>The result.</returns>
    /// <exception cref="TrapException">The guest trapped.</exception>
    public TResult Invoke(T1 first)
    {
        if (!IsLeaf)
        {
            return InvokeTracked(first);
        }

        CheckInterrupt();
        return ((delegate*<T1, InstanceContext, TResult>)Entry)(first, Context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TResult InvokeTracked(T1 first)
    {
        var depth = EnterTracked();
        try
        {
            return ((delegate*<T1, InstanceContext, TResult>)Entry)(first, Context);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new TrapException(TrapKind.StackExhausted);
        }
        finally
        {
            LeaveTracked(depth);
        }
    }
}

/// <summary>A wasm function with 2 parameters and one result, called without allocation (see <see cref="TypedHandle"/>).</summary>
/// <typeparam name="T1">Parameter 1: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="T2">Parameter 2: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="TResult">The result: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
public sealed unsafe class TypedFunction<T1, T2, TResult> : TypedHandle
{
    internal TypedFunction(Function function, string? name = null) : base(function, [Of<T1>(), Of<T2>()], [Of<TResult>()], name)
    {
    }

    /// <summary>Calls the function.</summary>
    /// <param name="first">Argument 1.</param>
    /// <param name="second">Argument 2.</param>
    /// <returns>The result.</returns>
    /// <exception cref="TrapException">The guest trapped.</exception>
    public TResult Invoke(T1 first, T2 second)
    {
        if (!IsLeaf)
        {
            return InvokeTracked(first, second);
        }

        CheckInterrupt();
        return ((delegate*<T1, T2, InstanceContext, TResult>)Entry)(first, second, Context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TResult InvokeTracked(T1 first, T2 second)
    {
        var depth = EnterTracked();
        try
        {
            return ((delegate*<T1, T2, InstanceContext, TResult>)Entry)(first, second, Context);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new TrapException(TrapKind.StackExhausted);
        }
        finally
        {
            LeaveTracked(depth);
        }
    }
}

/// <summary>A wasm function with 3 parameters and one result, called without allocation (see <see cref="TypedHandle"/>).</summary>
/// <typeparam name="T1">Parameter 1: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="T2">Parameter 2: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="T3">Parameter 3: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="TResult">The result: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
public sealed unsafe class TypedFunction<T1, T2, T3, TResult> : TypedHandle
{
    internal TypedFunction(Function function, string? name = null) : base(function, [Of<T1>(), Of<T2>(), Of<T3>()], [Of<TResult>()], name)
    {
    }

    /// <summary>Calls the function.</summary>
    /// <param name="first">Argument 1.</param>
    /// <param name="second">Argument 2.</param>
    /// <param name="third">Argument 3.</param>
    /// <returns>The result.</returns>
    /// <exception cref="TrapException">The guest trapped.</exception>
    public TResult Invoke(T1 first, T2 second, T3 third)
    {
        if (!IsLeaf)
        {
            return InvokeTracked(first, second, third);
        }

        CheckInterrupt();
        return ((delegate*<T1, T2, T3, InstanceContext, TResult>)Entry)(first, second, third, Context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TResult InvokeTracked(T1 first, T2 second, T3 third)
    {
        var depth = EnterTracked();
        try
        {
            return ((delegate*<T1, T2, T3, InstanceContext, TResult>)Entry)(first, second, third, Context);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new TrapException(TrapKind.StackExhausted);
        }
        finally
        {
            LeaveTracked(depth);
        }
    }
}

/// <summary>A wasm function with 4 parameters and one result, called without allocation (see <see cref="TypedHandle"/>).</summary>
/// <typeparam name="T1">Parameter 1: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="T2">Parameter 2: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="T3">Parameter 3: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="T4">Parameter 4: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
/// <typeparam name="TResult">The result: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
public sealed unsafe class TypedFunction<T1, T2, T3, T4, TResult> : TypedHandle
{
    internal TypedFunction(Function function, string? name = null) : base(function, [Of<T1>(), Of<T2>(), Of<T3>(), Of<T4>()], [Of<TResult>()], name)
    {
    }

    /// <summary>Calls the function.</summary>
    /// <param name="first">Argument 1.</param>
    /// <param name="second">Argument 2.</param>
    /// <param name="third">Argument 3.</param>
    /// <param name="fourth">Argument 4.</param>
    /// <returns>The result.</returns>
    /// <exception cref="TrapException">The guest trapped.</exception>
    public TResult Invoke(T1 first, T2 second, T3 third, T4 fourth)
    {
        if (!IsLeaf)
        {
            return InvokeTracked(first, second, third, fourth);
        }

        CheckInterrupt();
        return ((delegate*<T1, T2, T3, T4, InstanceContext, TResult>)Entry)(first, second, third, fourth, Context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TResult InvokeTracked(T1 first, T2 second, T3 third, T4 fourth)
    {
        var depth = EnterTracked();
        try
        {
            return ((delegate*<T1, T2, T3, T4, InstanceContext, TResult>)Entry)(first, second, third, fourth, Context);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new TrapException(TrapKind.StackExhausted);
        }
        finally
        {
            LeaveTracked(depth);
        }
    }
}
