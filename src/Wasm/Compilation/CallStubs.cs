using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace WitSharp.Wasm;

/// <summary>
/// Signature-specific glue, generated once per function type and shared by all engines: trampolines that call
/// compiled code with untyped values, and adapters that let compiled code call untyped host functions.
/// </summary>
internal static class CallStubs
{
    /// <summary>Calls <paramref name="entry"/> with unpacked <paramref name="arguments"/> and packs its results.</summary>
    public delegate void Trampoline(Value[] arguments, Value[] results, InstanceContext context, nint entry);

    private static readonly ConcurrentDictionary<string, Trampoline> s_trampolines = new();
    private static readonly ConcurrentDictionary<string, nint> s_adapters = new();
    private static readonly object s_adapterLock = new();
    private static ModuleBuilder? s_adapterModule;
    private static int s_adapterCounter;

    private static string Key(FunctionType type) => type.ToString();

    public static Trampoline GetTrampoline(FunctionType type) => s_trampolines.GetOrAdd(Key(type), _ => BuildTrampoline(type));

    public static nint GetHostAdapter(FunctionType type) => s_adapters.GetOrAdd(Key(type), _ => BuildHostAdapter(type));

    private static Trampoline BuildTrampoline(FunctionType type)
    {
        var method = new DynamicMethod("trampoline", typeof(void), [typeof(Value[]), typeof(Value[]), typeof(InstanceContext), typeof(nint)], typeof(Ops).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        var parameters = type.ParameterArray;
        for (var i = 0; i < parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelema, typeof(Value));
            il.Emit(OpCodes.Call, IlTypes.ValueReader(parameters[i]));
        }

        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldarg_3);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, IlTypes.ReturnType(type), IlTypes.ParameterTypes(type), null);
        var results = type.ResultArray;
        if (results.Length == 1)
        {
            var result = il.DeclareLocal(IlTypes.ClrType(results[0]));
            il.Emit(OpCodes.Stloc, result);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Ldloc, result);
            il.Emit(OpCodes.Call, IlTypes.ValueFactory(results[0]));
            il.Emit(OpCodes.Stelem, typeof(Value));
        }
        else if (results.Length > 1)
        {
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Call, typeof(CallStubs).GetMethod(nameof(CopyResults), BindingFlags.NonPublic | BindingFlags.Static)!);
        }

        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Trampoline>();
    }

    private static void CopyResults(Value[] results) => ResultBuffer.Values.AsSpan(0, results.Length).CopyTo(results);

    private static nint BuildHostAdapter(FunctionType type)
    {
        lock (s_adapterLock)
        {
            s_adapterModule ??= ModuleCompiler.DefineAssembly("WitSharp.Wasm.HostAdapters", AssemblyBuilderAccess.Run);
            var holder = s_adapterModule.DefineType($"Adapter{s_adapterCounter++}", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
            var parameterTypes = IlTypes.ParameterTypes(type);
            var method = holder.DefineMethod("Call", MethodAttributes.Public | MethodAttributes.Static, IlTypes.ReturnType(type), parameterTypes);
            var il = method.GetILGenerator();
            var parameters = type.ParameterArray;
            var arguments = il.DeclareLocal(typeof(Value[]));
            il.Emit(OpCodes.Ldc_I4, parameters.Length);
            il.Emit(OpCodes.Newarr, typeof(Value));
            il.Emit(OpCodes.Stloc, arguments);
            for (var i = 0; i < parameters.Length; i++)
            {
                il.Emit(OpCodes.Ldloc, arguments);
                il.Emit(OpCodes.Ldc_I4, i);
                il.Emit(OpCodes.Ldarg, i);
                il.Emit(OpCodes.Call, IlTypes.ValueFactory(parameters[i]));
                il.Emit(OpCodes.Stelem, typeof(Value));
            }

            il.Emit(OpCodes.Ldloc, arguments);
            il.Emit(OpCodes.Ldarg, parameters.Length);
            il.Emit(OpCodes.Call, typeof(HostFunction).GetMethod(nameof(HostFunction.CallFromGuest), BindingFlags.NonPublic | BindingFlags.Static)!);
            if (type.ResultArray.Length == 1)
            {
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Ldelema, typeof(Value));
                il.Emit(OpCodes.Call, IlTypes.ValueReader(type.ResultArray[0]));
            }
            else
            {
                il.Emit(OpCodes.Pop);
            }

            il.Emit(OpCodes.Ret);
            var created = holder.CreateType();
            return created.GetMethod("Call")!.MethodHandle.GetFunctionPointer();
        }
    }
}
