using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using WitSharp.HostRuntime.CanonicalAbi;

namespace WitSharp.HostRuntime.Components;

/// <summary>
/// CanonicalABI.md's <c>may_leave</c>: while a component's <c>cabi_realloc</c> or post-return function runs, the component
/// may not leave it (<c>canon lower</c>, <c>resource.new</c> and <c>resource.drop</c> trap), so host code is never
/// re-entered in the middle of lowering a value or of finishing a call. The runtime applies these gates to every lowered
/// import, realloc and post-return of an instance, so generated bindings, the WASI host and hand-written imports all get
/// the check. Wrappers keep the delegate type and are built once per type.
/// </summary>
internal static class MayLeaveGates
{
    private static readonly ConcurrentDictionary<Type, DynamicMethod> s_imports = new();
    private static readonly ConcurrentDictionary<Type, DynamicMethod> s_postReturns = new();

    /// <summary>A delegate of <paramref name="import"/>'s type that traps when the instance may not leave, else calls it.</summary>
    public static Delegate Import(Delegate import, InstanceGuard guard)
    {
        var method = s_imports.GetOrAdd(import.GetType(), type => Build(type, clearsMayLeave: false));
        return method.CreateDelegate(import.GetType(), new GateTarget(guard, import));
    }

    /// <summary>A delegate of <paramref name="postReturn"/>'s type that clears may_leave while it runs.</summary>
    public static TDelegate PostReturn<TDelegate>(TDelegate postReturn, InstanceGuard guard)
        where TDelegate : Delegate
    {
        var method = s_postReturns.GetOrAdd(typeof(TDelegate), type => Build(type, clearsMayLeave: true));
        return (TDelegate)method.CreateDelegate(typeof(TDelegate), new GateTarget(guard, postReturn));
    }

    /// <summary>A realloc that clears may_leave while it runs.</summary>
    public static ReallocFunction Realloc(ReallocFunction realloc, InstanceGuard guard) =>
        (originalPointer, originalSize, alignment, newSize) =>
        {
            guard.ForbidLeaving();
            try
            {
                return realloc(originalPointer, originalSize, alignment, newSize);
            }
            finally
            {
                guard.AllowLeaving();
            }
        };

    /// <summary>
    /// (target, arguments...) => { target.Guard.EnterImport(); var result = target.Inner(arguments...);
    /// target.Guard.BeginLift(); return result; } for imports;
    /// (target, arguments...) => { target.Guard.ForbidLeaving(); try { target.Inner(arguments...); } finally { target.Guard.AllowLeaving(); } }
    /// for post-return functions.
    /// </summary>
    private static DynamicMethod Build(Type delegateType, bool clearsMayLeave)
    {
        var invoke = delegateType.GetMethod("Invoke")!;
        var parameters = Array.ConvertAll(invoke.GetParameters(), parameter => parameter.ParameterType);
        var method = new DynamicMethod(clearsMayLeave ? "post-return gate" : "import gate", invoke.ReturnType, [typeof(GateTarget), .. parameters], typeof(GateTarget).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        var guardField = typeof(GateTarget).GetField(nameof(GateTarget.Guard))!;
        var innerField = typeof(GateTarget).GetField(nameof(GateTarget.Inner))!;
        const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic;

        void EmitGuardCall(string name)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, guardField);
            il.Emit(OpCodes.Call, typeof(InstanceGuard).GetMethod(name, Internal)!);
        }

        void EmitInnerCall()
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, innerField);
            il.Emit(OpCodes.Castclass, delegateType);
            for (var i = 0; i < parameters.Length; i++)
            {
                il.Emit(OpCodes.Ldarg, i + 1);
            }

            il.Emit(OpCodes.Callvirt, invoke);
        }

        if (!clearsMayLeave)
        {
            // The import lifts its arguments, and the caller's later lift (the export's results) must not count them.
            EmitGuardCall(nameof(InstanceGuard.EnterImport));
            EmitInnerCall();
            EmitGuardCall(nameof(InstanceGuard.BeginLift));
            il.Emit(OpCodes.Ret);
            return method;
        }

        EmitGuardCall(nameof(InstanceGuard.ForbidLeaving));
        var result = invoke.ReturnType == typeof(void) ? null : il.DeclareLocal(invoke.ReturnType);
        il.BeginExceptionBlock();
        EmitInnerCall();
        if (result is not null)
        {
            il.Emit(OpCodes.Stloc, result);
        }

        il.BeginFinallyBlock();
        EmitGuardCall(nameof(InstanceGuard.AllowLeaving));
        il.EndExceptionBlock();
        if (result is not null)
        {
            il.Emit(OpCodes.Ldloc, result);
        }

        il.Emit(OpCodes.Ret);
        return method;
    }

    /// <summary>What a gate delegate is bound to.</summary>
    private sealed class GateTarget(InstanceGuard guard, Delegate inner)
    {
        public readonly InstanceGuard Guard = guard;

        public readonly Delegate Inner = inner;
    }
}
