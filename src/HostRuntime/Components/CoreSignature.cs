using WitSharp.Wasm;
using WasmValueType = WitSharp.Wasm.ValueType;

namespace WitSharp.HostRuntime.Components;

/// <summary>
/// The core function type a <c>canon lift</c> or <c>canon lower</c> of a component function type has, by the
/// Canonical ABI's flattening rules (MAX_FLAT_PARAMS 16, MAX_FLAT_RESULTS 1; larger parameter lists travel through
/// memory, larger results through a return pointer).
/// </summary>
internal static class CoreSignature
{
    public const int MaxFlatParams = 16;
    public const int MaxFlatResults = 1;

    public static FunctionType ForLift(FuncType func, TypeScope scope) => Flatten(func, scope, lower: false);

    public static FunctionType ForLower(FuncType func, TypeScope scope) => Flatten(func, scope, lower: true);

    /// <summary>How many core values <paramref name="types"/> flatten to, before the spill to memory.</summary>
    public static int FlatLength(IEnumerable<ComponentValType> types, TypeScope scope)
    {
        var flat = new List<WasmValueType>();
        foreach (var type in types)
        {
            FlattenValue(type, scope, flat, depth: 0);
        }

        return flat.Count;
    }

    private static FunctionType Flatten(FuncType func, TypeScope scope, bool lower)
    {
        var parameters = new List<WasmValueType>();
        foreach (var parameter in func.Params)
        {
            FlattenValue(parameter.Type, scope, parameters, depth: 0);
        }

        if (parameters.Count > MaxFlatParams)
        {
            parameters = [WasmValueType.I32];
        }

        var results = new List<WasmValueType>();
        if (func.Result is { } result)
        {
            FlattenValue(result, scope, results, depth: 0);
        }

        if (results.Count > MaxFlatResults)
        {
            if (lower)
            {
                parameters.Add(WasmValueType.I32);
                results = [];
            }
            else
            {
                results = [WasmValueType.I32];
            }
        }

        return new FunctionType(parameters.ToArray(), results.ToArray());
    }

    private static void FlattenValue(ComponentValType type, TypeScope scope, List<WasmValueType> flat, int depth)
    {
        if (type.Primitive is { } primitive)
        {
            FlattenPrimitive(ComponentValueTypes.Kind(primitive), flat);
            return;
        }

        var (definition, definitionScope) = Resolve(type.TypeIndex, scope);
        FlattenDefinition(definition, definitionScope, flat, depth + 1);
    }

    /// <summary>A primitive's core values: one i64, f32 or f64 for those types, two i32 (pointer, length) for a
    /// string, one i32 for the rest.</summary>
    internal static void FlattenPrimitive(ComponentValueKind kind, List<WasmValueType> flat)
    {
        switch (kind)
        {
            case ComponentValueKind.S64 or ComponentValueKind.U64:
                flat.Add(WasmValueType.I64);
                break;
            case ComponentValueKind.F32:
                flat.Add(WasmValueType.F32);
                break;
            case ComponentValueKind.F64:
                flat.Add(WasmValueType.F64);
                break;
            case ComponentValueKind.String:
                flat.Add(WasmValueType.I32);
                flat.Add(WasmValueType.I32);
                break;
            default:
                flat.Add(WasmValueType.I32);
                break;
        }
    }

    /// <summary>The definition behind a type index, following names and aliases.</summary>
    public static (ComponentType Definition, TypeScope Scope) Resolve(uint index, TypeScope scope)
    {
        var entry = scope.Type(index);
        if (entry is { IsAbstractResource: true })
        {
            return (new ResourceType(CoreValType.I32, null), scope);
        }

        if (entry is not { Definition: { } definition, Scope: { } definitionScope })
        {
            throw new ComponentFormatException($"type index {index} does not resolve to a type definition", "type section", 0);
        }

        return (definition, definitionScope);
    }

    private static void FlattenDefinition(ComponentType definition, TypeScope scope, List<WasmValueType> flat, int depth)
    {
        if (depth > 100)
        {
            throw new ComponentFormatException("value type nests deeper than 100 levels", "type section", 0);
        }

        switch (definition)
        {
            case PrimitiveType primitive:
                FlattenValue(ComponentValType.Of(primitive.Kind), scope, flat, depth);
                break;
            case RecordType record:
                foreach (var field in record.Fields)
                {
                    FlattenValue(field.Type, scope, flat, depth);
                }

                break;
            case TupleType tuple:
                foreach (var element in tuple.Elements)
                {
                    FlattenValue(element, scope, flat, depth);
                }

                break;
            case ListType:
                flat.Add(WasmValueType.I32);
                flat.Add(WasmValueType.I32);
                break;
            case FlagsType flags:
                for (var i = 0; i < (flags.Names.Count + 31) / 32; i++)
                {
                    flat.Add(WasmValueType.I32);
                }

                break;
            case EnumType or OwnType or BorrowType or ResourceType:
                flat.Add(WasmValueType.I32);
                break;
            case VariantType variant:
                FlattenCases(variant.Cases.Select(c => c.Type), scope, flat, depth);
                break;
            case OptionType option:
                FlattenCases([null, option.Payload], scope, flat, depth);
                break;
            case ResultType result:
                FlattenCases([result.Ok, result.Error], scope, flat, depth);
                break;
            default:
                throw new ComponentFormatException($"{definition.GetType().Name} is not a value type", "type section", 0);
        }
    }

    private static void FlattenCases(IEnumerable<ComponentValType?> cases, TypeScope scope, List<WasmValueType> flat, int depth)
    {
        var payloads = new List<IReadOnlyList<WasmValueType>>();
        foreach (var payload in cases)
        {
            if (payload is { } type)
            {
                var caseFlat = new List<WasmValueType>();
                FlattenValue(type, scope, caseFlat, depth);
                payloads.Add(caseFlat);
            }
        }

        FlattenVariant(payloads, flat);
    }

    /// <summary>A variant from its payload-carrying cases' flattenings: an i32 discriminant, then each position joined
    /// across the cases.</summary>
    internal static void FlattenVariant(IEnumerable<IReadOnlyList<WasmValueType>> payloads, List<WasmValueType> flat)
    {
        var joined = new List<WasmValueType>();
        foreach (var caseFlat in payloads)
        {
            for (var i = 0; i < caseFlat.Count; i++)
            {
                if (i < joined.Count)
                {
                    joined[i] = Join(joined[i], caseFlat[i]);
                }
                else
                {
                    joined.Add(caseFlat[i]);
                }
            }
        }

        flat.Add(WasmValueType.I32);
        flat.AddRange(joined);
    }

    /// <summary>The core type two cases' flat values share at one position (CanonicalABI.md's <c>join</c>).</summary>
    private static WasmValueType Join(WasmValueType a, WasmValueType b) =>
        a == b ? a
        : (a == WasmValueType.I32 && b == WasmValueType.F32) || (a == WasmValueType.F32 && b == WasmValueType.I32) ? WasmValueType.I32
        : WasmValueType.I64;
}
