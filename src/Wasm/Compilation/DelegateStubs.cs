using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace WitSharp.Wasm;

/// <summary>
/// Glue between typed CLR delegates and the compiled calling convention, generated once per (delegate type, function
/// type): wrappers that expose a wasm function as a delegate, and adapters that let compiled code call a host delegate.
/// Both pass values unboxed, so calls do not allocate.
/// </summary>
internal static class DelegateStubs
{
    private static readonly ConcurrentDictionary<Type, DynamicMethod> s_hostWrappers = new();
    private static readonly ConcurrentDictionary<Type, nint> s_adapters = new();
    private static readonly object s_adapterLock = new();
    private static ModuleBuilder? s_adapterModule;
    private static int s_adapterCounter;

    /// <summary>The wasm signature of <paramref name="delegateType"/>: int, long, float, double, Vector128&lt;byte&gt; (v128), object (externref) and <see cref="Function"/> (funcref); at most one result.</summary>
    public static FunctionType SignatureOf(Type delegateType)
    {
        var invoke = InvokeMethod(delegateType);
        var parameters = Array.ConvertAll(invoke.GetParameters(), parameter => WasmType(parameter.ParameterType, delegateType));
        ValueType[] results = invoke.ReturnType == typeof(void) ? [] : [WasmType(invoke.ReturnType, delegateType)];
        return new FunctionType(parameters, results);
    }

    /// <summary>A delegate of type <typeparamref name="TDelegate"/> calling <paramref name="function"/>; the caller checked the signature.</summary>
    public static TDelegate CreateWrapper<TDelegate>(Function function)
        where TDelegate : Delegate
    {
        if (function is ModuleFunction compiled)
        {
            // Closed over the context: a delegate bound to the first argument of a static method is the cheapest kind to invoke.
            var code = compiled.CallContext.Code!;
            var method = code.Wrappers.GetOrAdd((typeof(TDelegate), compiled.Method),
                key => BuildWrapper(key.Item1, compiled.TracksCallDepth ? WrapperEntry.TracksCallDepth : WrapperEntry.Leaf, key.Item2, code.Holder));
            return (TDelegate)method.CreateDelegate(typeof(TDelegate), compiled.CallContext);
        }

        var host = s_hostWrappers.GetOrAdd(typeof(TDelegate), static delegateType => BuildWrapper(delegateType, WrapperEntry.Host, null, typeof(Ops)));
        return (TDelegate)host.CreateDelegate(typeof(TDelegate), new DelegateTarget(function.CallContext, function.Entry));
    }

    /// <summary>The entry point compiled code calls for a host function implemented by a delegate of <paramref name="delegateType"/>.</summary>
    public static nint GetHostAdapter(Type delegateType) => s_adapters.GetOrAdd(delegateType, BuildHostAdapter);

    private static MethodInfo InvokeMethod(Type delegateType)
    {
        if (!typeof(Delegate).IsAssignableFrom(delegateType) || delegateType == typeof(Delegate) || delegateType == typeof(MulticastDelegate))
        {
            throw new ArgumentException($"{delegateType.Name} is not a concrete delegate type");
        }

        if (!delegateType.IsVisible)
        {
            throw new ArgumentException($"delegate type {delegateType.FullName} must be public (for example Func<...> or Action<...>)");
        }

        return delegateType.GetMethod("Invoke")!;
    }

    private static ValueType WasmType(Type type, Type delegateType) =>
        IlTypes.ValueTypeOf(type) ?? throw new ArgumentException(
            $"delegate type {delegateType.Name} uses {type.Name}; only int, long, float, double, Vector128<byte> (v128), object (externref) and Function (funcref) map to wasm values");

    /// <summary>What a wrapper does around the call, by callee.</summary>
    private enum WrapperEntry
    {
        /// <summary>A host function: nothing.</summary>
        Host,

        /// <summary>A wasm leaf function (see <see cref="FunctionCompiler.TracksCallDepth"/>): refuse to enter an interrupted store.</summary>
        Leaf,

        /// <summary>Any other wasm function: its prologue checks interrupts; restore the call depth afterwards.</summary>
        TracksCallDepth,
    }

    /// <summary>
    /// (context, arguments...) => callee(arguments..., context) for a compiled function (a direct call, which the JIT turns
    /// into a jump for a leaf), or (target, arguments...) => calli target.Entry(arguments..., target.Context) for a host
    /// function. Guest calls restore the store's call depth afterwards (a trap skips the callee's epilogue) and turn a CLR
    /// stack overflow guard into a stack-exhausted trap, exactly like <see cref="ModuleFunction.InvokeCore"/>; a leaf,
    /// whose prologue has no interrupt check, gets one here.
    /// </summary>
    /// <param name="delegateType">The delegate type the wrapper implements.</param>
    /// <param name="entry">What the wrapper does around the call.</param>
    /// <param name="callee">The compiled function; null for a host function.</param>
    /// <param name="owner">The type the wrapper belongs to: the compiled module's, so the wrapper may call into its collectible assembly.</param>
    private static DynamicMethod BuildWrapper(Type delegateType, WrapperEntry entry, MethodInfo? callee, Type owner)
    {
        var invoke = delegateType.GetMethod("Invoke")!;
        var parameterTypes = Array.ConvertAll(invoke.GetParameters(), parameter => parameter.ParameterType);
        var signature = SignatureOf(delegateType);
        var targetType = callee is null ? typeof(DelegateTarget) : typeof(InstanceContext);
        var method = new DynamicMethod("wrapper", invoke.ReturnType, [targetType, .. parameterTypes], owner, skipVisibility: true);
        var il = method.GetILGenerator();
        var contextField = typeof(DelegateTarget).GetField(nameof(DelegateTarget.Context))!;

        void LoadContext()
        {
            il.Emit(OpCodes.Ldarg_0);
            if (callee is null)
            {
                il.Emit(OpCodes.Ldfld, contextField);
            }
        }

        void EmitCall()
        {
            for (var i = 0; i < parameterTypes.Length; i++)
            {
                il.Emit(OpCodes.Ldarg, i + 1);
            }

            LoadContext();
            if (callee is not null)
            {
                il.Emit(OpCodes.Call, callee);
                return;
            }

            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, typeof(DelegateTarget).GetField(nameof(DelegateTarget.Entry))!);
            il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, IlTypes.ReturnType(signature), IlTypes.ParameterTypes(signature), null);
        }

        if (entry == WrapperEntry.Leaf)
        {
            LoadContext();
            il.Emit(OpCodes.Ldfld, IlTypes.ContextStore);
            il.Emit(OpCodes.Call, typeof(Ops).GetMethod(nameof(Ops.CheckInterrupt))!);
        }

        if (entry != WrapperEntry.TracksCallDepth)
        {
            EmitCall();
            il.Emit(OpCodes.Ret);
            return method;
        }

        var store = il.DeclareLocal(typeof(Store));
        var depth = il.DeclareLocal(typeof(int));
        var result = invoke.ReturnType == typeof(void) ? null : il.DeclareLocal(invoke.ReturnType);
        var callDepth = typeof(Store).GetField(nameof(Store.CallDepth), BindingFlags.NonPublic | BindingFlags.Instance)!;
        LoadContext();
        il.Emit(OpCodes.Ldfld, IlTypes.ContextStore);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Stloc, store);
        il.Emit(OpCodes.Ldfld, callDepth);
        il.Emit(OpCodes.Stloc, depth);
        il.BeginExceptionBlock();
        il.BeginExceptionBlock();
        EmitCall();
        if (result is not null)
        {
            il.Emit(OpCodes.Stloc, result);
        }

        il.BeginCatchBlock(typeof(InsufficientExecutionStackException));
        il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ldc_I4, (int)TrapKind.StackExhausted);
        il.Emit(OpCodes.Ldnull);
        il.Emit(OpCodes.Newobj, typeof(TrapException).GetConstructor([typeof(TrapKind), typeof(Exception)])!);
        il.Emit(OpCodes.Throw);
        il.EndExceptionBlock();
        il.BeginFinallyBlock();
        il.Emit(OpCodes.Ldloc, store);
        il.Emit(OpCodes.Ldloc, depth);
        il.Emit(OpCodes.Stfld, callDepth);
        il.EndExceptionBlock();
        if (result is not null)
        {
            il.Emit(OpCodes.Ldloc, result);
        }

        il.Emit(OpCodes.Ret);
        return method;
    }

    /// <summary>
    /// static (arguments..., context) => ((TDelegate)context.HostDelegate)(arguments...). Exceptions other than traps
    /// become <see cref="TrapKind.HostFunctionFailed"/> traps carrying the original, as for untyped host functions.
    /// </summary>
    private static nint BuildHostAdapter(Type delegateType)
    {
        var signature = SignatureOf(delegateType);
        var invoke = delegateType.GetMethod("Invoke")!;
        lock (s_adapterLock)
        {
            s_adapterModule ??= ModuleCompiler.DefineAssembly("WitSharp.Wasm.DelegateAdapters", AssemblyBuilderAccess.Run);
            var holder = s_adapterModule.DefineType($"Adapter{s_adapterCounter++}", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
            var parameterCount = signature.ParameterArray.Length;
            var method = holder.DefineMethod("Call", MethodAttributes.Public | MethodAttributes.Static, IlTypes.ReturnType(signature), IlTypes.ParameterTypes(signature));
            var il = method.GetILGenerator();
            var result = invoke.ReturnType == typeof(void) ? null : il.DeclareLocal(IlTypes.ReturnType(signature));
            var failure = il.DeclareLocal(typeof(Exception));
            il.BeginExceptionBlock();
            il.Emit(OpCodes.Ldarg, parameterCount);
            il.Emit(OpCodes.Ldfld, IlTypes.ContextField(nameof(InstanceContext.HostDelegate)));

            // The context was created with a delegate of exactly this type, so no cast is needed.
            for (var i = 0; i < parameterCount; i++)
            {
                il.Emit(OpCodes.Ldarg, i);
            }

            il.Emit(OpCodes.Callvirt, invoke);
            if (result is not null)
            {
                il.Emit(OpCodes.Stloc, result);
            }

            il.BeginCatchBlock(typeof(TrapException));
            il.Emit(OpCodes.Rethrow);
            il.BeginCatchBlock(typeof(Exception));
            il.Emit(OpCodes.Stloc, failure);
            il.Emit(OpCodes.Ldc_I4, (int)TrapKind.HostFunctionFailed);
            il.Emit(OpCodes.Ldloc, failure);
            il.Emit(OpCodes.Newobj, typeof(TrapException).GetConstructor([typeof(TrapKind), typeof(Exception)])!);
            il.Emit(OpCodes.Throw);
            il.EndExceptionBlock();
            if (result is not null)
            {
                il.Emit(OpCodes.Ldloc, result);
            }

            il.Emit(OpCodes.Ret);
            var created = holder.CreateType();
            return created.GetMethod("Call")!.MethodHandle.GetFunctionPointer();
        }
    }
}

/// <summary>What a delegate from <see cref="Function.AsDelegate{TDelegate}"/> of a host function is bound to.</summary>
internal sealed class DelegateTarget(InstanceContext context, nint entry)
{
    public readonly InstanceContext Context = context;

    public readonly nint Entry = entry;
}
