using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Intrinsics;

namespace WitSharp.Wasm;

/// <summary>How wasm types map to CLR types in compiled code, and the reflection handles compiled code uses.</summary>
internal static class IlTypes
{
    public static Type ClrType(ValueType type) => type switch
    {
        ValueType.I32 => typeof(int),
        ValueType.I64 => typeof(long),
        ValueType.F32 => typeof(float),
        ValueType.F64 => typeof(double),
        ValueType.V128 => typeof(Vector128<byte>),
        _ => typeof(object),
    };

    /// <summary>The wasm type a CLR type stands for in typed interop (the inverse of <see cref="ClrType"/>, with
    /// <see cref="Function"/> for funcref), or null for a type with no wasm equivalent.</summary>
    public static ValueType? ValueTypeOf(Type type) =>
        type == typeof(int) ? ValueType.I32
        : type == typeof(long) ? ValueType.I64
        : type == typeof(float) ? ValueType.F32
        : type == typeof(double) ? ValueType.F64
        : type == typeof(Vector128<byte>) ? ValueType.V128
        : type == typeof(object) ? ValueType.ExternRef
        : type == typeof(Function) ? ValueType.FuncRef
        : null;

    /// <summary>The CLR return type of a compiled function: its single result, or void for none or several (then they go through <see cref="ResultBuffer"/>).</summary>
    public static Type ReturnType(FunctionType type) => type.ResultArray.Length == 1 ? ClrType(type.ResultArray[0]) : typeof(void);

    /// <summary>The CLR parameters of a compiled function: the wasm parameters, then the <see cref="InstanceContext"/>.</summary>
    public static Type[] ParameterTypes(FunctionType type)
    {
        var parameters = new Type[type.ParameterArray.Length + 1];
        for (var i = 0; i < type.ParameterArray.Length; i++)
        {
            parameters[i] = ClrType(type.ParameterArray[i]);
        }

        parameters[^1] = typeof(InstanceContext);
        return parameters;
    }

    private static readonly ConcurrentDictionary<string, MethodInfo> s_ops = new(StringComparer.Ordinal);

    /// <summary>The <see cref="Ops"/> helper <paramref name="name"/>; cached because the compiler asks once per instruction.</summary>
    public static MethodInfo Op(string name) =>
        s_ops.GetOrAdd(name, static key => typeof(Ops).GetMethod(key, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(nameof(Ops), key));

    private static readonly ConcurrentDictionary<string, MethodInfo> s_simdOps = new(StringComparer.Ordinal);

    /// <summary>The <see cref="SimdOps"/> helper <paramref name="name"/>, cached like <see cref="Op"/>.</summary>
    public static MethodInfo SimdOp(string name) =>
        s_simdOps.GetOrAdd(name, static key => typeof(SimdOps).GetMethod(key, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(nameof(SimdOps), key));

    public static FieldInfo ContextField(string name) =>
        typeof(InstanceContext).GetField(name) ?? throw new MissingFieldException(nameof(InstanceContext), name);

    public static readonly FieldInfo ContextStore = ContextField(nameof(InstanceContext.Store));
    public static readonly FieldInfo ContextMemory = ContextField(nameof(InstanceContext.Memory0));
    public static readonly FieldInfo ContextGlobals = ContextField(nameof(InstanceContext.Globals));
    public static readonly FieldInfo ContextFunctions = ContextField(nameof(InstanceContext.Functions));

    public static readonly FieldInfo StoreInterruptFlags = typeof(Store).GetField(nameof(Store.InterruptFlags), BindingFlags.NonPublic | BindingFlags.Instance)!;
    public static readonly FieldInfo MemoryBase = typeof(Memory).GetField(nameof(Memory.Base), BindingFlags.NonPublic | BindingFlags.Instance)!;
    public static readonly FieldInfo MemoryByteLength = typeof(Memory).GetField(nameof(Memory.ByteLength), BindingFlags.NonPublic | BindingFlags.Instance)!;
    public static readonly FieldInfo GlobalBits = typeof(Global).GetField(nameof(Global.Bits), BindingFlags.NonPublic | BindingFlags.Instance)!;
    public static readonly FieldInfo GlobalReference = typeof(Global).GetField(nameof(Global.Reference), BindingFlags.NonPublic | BindingFlags.Instance)!;
    public static readonly FieldInfo FunctionContext = typeof(Function).GetField(nameof(Function.CallContext), BindingFlags.NonPublic | BindingFlags.Instance)!;
    public static readonly FieldInfo FunctionEntry = typeof(Function).GetField(nameof(Function.Entry), BindingFlags.NonPublic | BindingFlags.Instance)!;

    public static MethodInfo ValueFactory(ValueType type) => type switch
    {
        ValueType.I32 => typeof(Value).GetMethod(nameof(Value.FromI32))!,
        ValueType.I64 => typeof(Value).GetMethod(nameof(Value.FromI64))!,
        ValueType.F32 => typeof(Value).GetMethod(nameof(Value.FromF32))!,
        ValueType.F64 => typeof(Value).GetMethod(nameof(Value.FromF64))!,
        ValueType.V128 => typeof(Value).GetMethod(nameof(Value.FromV128))!,
        ValueType.FuncRef => Op(nameof(Ops.FuncRefValue)),
        _ => Op(nameof(Ops.ExternRefValue)),
    };

    public static MethodInfo ValueReader(ValueType type) => type switch
    {
        ValueType.I32 => typeof(Value).GetMethod(nameof(Value.AsI32))!,
        ValueType.I64 => typeof(Value).GetMethod(nameof(Value.AsI64))!,
        ValueType.F32 => typeof(Value).GetMethod(nameof(Value.AsF32))!,
        ValueType.F64 => typeof(Value).GetMethod(nameof(Value.AsF64))!,
        ValueType.V128 => typeof(Value).GetMethod(nameof(Value.AsV128))!,
        _ => typeof(Value).GetMethod(nameof(Value.AsReference))!,
    };

    public static MethodInfo ResultLoader(ValueType type) => type switch
    {
        ValueType.I32 => Op(nameof(Ops.LoadResultI32)),
        ValueType.I64 => Op(nameof(Ops.LoadResultI64)),
        ValueType.F32 => Op(nameof(Ops.LoadResultF32)),
        ValueType.F64 => Op(nameof(Ops.LoadResultF64)),
        ValueType.V128 => Op(nameof(Ops.LoadResultV128)),
        _ => Op(nameof(Ops.LoadResultReference)),
    };
}
