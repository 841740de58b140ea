using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace WitSharp.Wasm;

/// <summary>
/// Stand-ins, defined in the module's own generated type, for the members of this assembly that compiled code uses
/// (<see cref="Ops"/> helpers, context/store/global fields, calli signatures). Reflection.Emit mints a fresh member
/// reference every time IL names a member of another module, which costs microseconds per instruction; a call to a
/// method of the same type costs almost nothing. Each stub is emitted once per module and is aggressively inlined, so
/// the JIT produces the same code as for direct access.
/// </summary>
internal sealed class LocalStubs(TypeBuilder type)
{
    private readonly Dictionary<MethodInfo, MethodBuilder> _calls = [];
    private readonly Dictionary<(FieldInfo, bool), MethodBuilder> _loads = [];
    private readonly Dictionary<FieldInfo, MethodBuilder> _stores = [];
    private readonly Dictionary<string, MethodBuilder> _indirectCalls = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>A local method forwarding to the static method <paramref name="target"/>.</summary>
    public MethodInfo Call(MethodInfo target)
    {
        if (!_calls.TryGetValue(target, out var stub))
        {
            var parameters = Array.ConvertAll(target.GetParameters(), parameter => parameter.ParameterType);
            stub = Define($"call_{target.Name}", target.ReturnType, parameters);
            var il = stub.GetILGenerator();
            for (var i = 0; i < parameters.Length; i++)
            {
                il.Emit(OpCodes.Ldarg, i);
            }

            il.Emit(OpCodes.Call, target);
            il.Emit(OpCodes.Ret);
            _calls[target] = stub;
        }

        return stub;
    }

    /// <summary>A local method <c>(owner) => owner.field</c>, with a volatile read when <paramref name="isVolatile"/>.</summary>
    public MethodInfo Load(FieldInfo field, bool isVolatile = false)
    {
        if (!_loads.TryGetValue((field, isVolatile), out var stub))
        {
            stub = Define($"load_{field.Name}", field.FieldType, [field.DeclaringType!]);
            var il = stub.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            if (isVolatile)
            {
                il.Emit(OpCodes.Volatile);
            }

            il.Emit(OpCodes.Ldfld, field);
            il.Emit(OpCodes.Ret);
            _loads[(field, isVolatile)] = stub;
        }

        return stub;
    }

    /// <summary>A local method <c>(owner, value) => owner.field = value</c>.</summary>
    public MethodInfo Store(FieldInfo field)
    {
        if (!_stores.TryGetValue(field, out var stub))
        {
            stub = Define($"store_{field.Name}", typeof(void), [field.DeclaringType!, field.FieldType]);
            var il = stub.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Stfld, field);
            il.Emit(OpCodes.Ret);
            _stores[field] = stub;
        }

        return stub;
    }

    /// <summary>A local method <c>(arguments..., context, entry) => calli entry(arguments..., context)</c> for functions of <paramref name="signature"/>.</summary>
    public MethodInfo CallIndirect(FunctionType signature)
    {
        var key = signature.ToString();
        if (!_indirectCalls.TryGetValue(key, out var stub))
        {
            var parameters = IlTypes.ParameterTypes(signature);
            var returnType = IlTypes.ReturnType(signature);
            stub = Define("calli", returnType, [.. parameters, typeof(nint)]);
            var il = stub.GetILGenerator();
            for (var i = 0; i <= parameters.Length; i++)
            {
                il.Emit(OpCodes.Ldarg, i);
            }

            il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, returnType, parameters, null);
            il.Emit(OpCodes.Ret);
            _indirectCalls[key] = stub;
        }

        return stub;
    }

    private MethodBuilder Define(string name, Type returnType, Type[] parameters)
    {
        // Names never look like "f<index>", so backtraces never mistake a stub for a wasm function.
        var stub = type.DefineMethod($"{name}_{_count++}", MethodAttributes.Private | MethodAttributes.Static, returnType, parameters);
        stub.SetImplementationFlags(MethodImplAttributes.AggressiveInlining);
        return stub;
    }
}
