using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace WitSharp.Wit
{
    /// <summary>A core WebAssembly value type produced by flattening.</summary>
    public enum WitCoreType
    {
        /// <summary><c>i32</c></summary>
        I32,
        /// <summary><c>i64</c></summary>
        I64,
        /// <summary><c>f32</c></summary>
        F32,
        /// <summary><c>f64</c></summary>
        F64,
    }

    /// <summary>Which side of the canonical ABI a core signature is for.</summary>
    public enum WitAbiDirection
    {
        /// <summary><c>canon lift</c>: the core function is implemented by the guest and exported (results that do not fit are returned as a pointer).</summary>
        Lift,
        /// <summary><c>canon lower</c>: the core function is imported into the guest (results that do not fit are written through a trailing out-pointer parameter).</summary>
        Lower,
    }

    /// <summary>The core signature of a function under the canonical ABI (memory32, synchronous).</summary>
    public sealed class WitFlatSignature
    {
        internal WitFlatSignature(IReadOnlyList<WitCoreType> parameters, IReadOnlyList<WitCoreType> results, bool parametersSpilled, bool resultsSpilled, bool resultPointerIsParameter)
        {
            Parameters = parameters;
            Results = results;
            ParametersSpilled = parametersSpilled;
            ResultsSpilled = resultsSpilled;
            ResultPointerIsParameter = resultPointerIsParameter;
        }

        /// <summary>Core parameter types (including the out-pointer when <see cref="ResultPointerIsParameter"/>).</summary>
        public IReadOnlyList<WitCoreType> Parameters { get; }

        /// <summary>Core result types (at most one).</summary>
        public IReadOnlyList<WitCoreType> Results { get; }

        /// <summary>True when the flattened parameters exceed <see cref="CanonicalAbi.MaxFlatParams"/>: they are stored as a tuple in memory and passed as one <c>i32</c> pointer.</summary>
        public bool ParametersSpilled { get; }

        /// <summary>True when the flattened result exceeds <see cref="CanonicalAbi.MaxFlatResults"/>: it is stored in memory as a tuple.</summary>
        public bool ResultsSpilled { get; }

        /// <summary>True for <see cref="WitAbiDirection.Lower"/> with spilled results: the caller passes the result address as the last <c>i32</c> parameter and the function returns nothing.</summary>
        public bool ResultPointerIsParameter { get; }
    }

    /// <summary>
    /// Canonical ABI layout of WIT types (memory32): byte size, alignment, field offsets, variant discriminants and flattening to core types,
    /// as defined by the component model's CanonicalABI.md. Aliases are followed; tuples, enums, options and results are despecialized to
    /// records and variants.
    /// </summary>
    public static class CanonicalAbi
    {
        /// <summary>Parameters flattening to more core values than this are passed through memory.</summary>
        public const int MaxFlatParams = 16;

        /// <summary>Results flattening to more core values than this are passed through memory.</summary>
        public const int MaxFlatResults = 1;

        private const int PointerSize = 4;

        /// <summary>Byte size of a value of <paramref name="type"/> stored in linear memory (its element size in a list).</summary>
        /// <exception cref="ArgumentNullException">When <paramref name="type"/> is null.</exception>
        /// <exception cref="InsufficientExecutionStackException">When the type nests too deeply to measure.</exception>
        public static int SizeOf(WitType type)
        {
            switch (Despecialize(type))
            {
                case WitPrimitiveType primitive: return PrimitiveSize(primitive.Kind);
                case WitListType _: return 2 * PointerSize;
                case WitHandleType _: return 4;
                case RecordShape record: return RecordSize(record.Fields);
                case VariantShape variant: return VariantSize(variant.Cases);
                case FlagsShape flags: return FlagsSize(flags.Count);
                default: throw Unreachable(type);
            }
        }

        /// <summary>Byte alignment of <paramref name="type"/> in linear memory.</summary>
        /// <exception cref="ArgumentNullException">When <paramref name="type"/> is null.</exception>
        public static int AlignmentOf(WitType type)
        {
            switch (Despecialize(type))
            {
                case WitPrimitiveType primitive: return primitive.Kind == WitPrimitiveKind.String ? PointerSize : PrimitiveSize(primitive.Kind);
                case WitListType _: return PointerSize;
                case WitHandleType _: return 4;
                case RecordShape record: return RecordAlignment(record.Fields);
                case VariantShape variant: return VariantAlignment(variant.Cases);
                case FlagsShape flags: return FlagsSize(flags.Count);
                default: throw Unreachable(type);
            }
        }

        /// <summary>Byte offsets of the fields of a record or the elements of a tuple, in order.</summary>
        /// <exception cref="ArgumentException">When <paramref name="type"/> is not a record or tuple.</exception>
        public static IReadOnlyList<int> FieldOffsets(WitType type)
        {
            if (!(Despecialize(type) is RecordShape record))
            {
                throw new ArgumentException("FieldOffsets needs a record or tuple type, got " + Describe(type) + ".", nameof(type));
            }

            var offsets = new List<int>(record.Fields.Count);
            var offset = 0;
            foreach (var field in record.Fields)
            {
                offset = AlignTo(offset, AlignmentOf(field));
                offsets.Add(offset);
                offset += SizeOf(field);
            }

            return offsets;
        }

        /// <summary>Byte size (1, 2 or 4) of the discriminant of a variant, enum, option or result.</summary>
        /// <exception cref="ArgumentException">When <paramref name="type"/> is not variant-like.</exception>
        public static int DiscriminantSize(WitType type) => DiscriminantSizeForCount(VariantCases(type).Count);

        /// <summary>Byte offset of the payload of a variant, enum, option or result (the discriminant comes first).</summary>
        /// <exception cref="ArgumentException">When <paramref name="type"/> is not variant-like.</exception>
        public static int PayloadOffset(WitType type)
        {
            var cases = VariantCases(type);
            return AlignTo(DiscriminantSizeForCount(cases.Count), MaxCaseAlignment(cases));
        }

        /// <summary>The core value types a value of <paramref name="type"/> flattens to (variants join their case payloads per CanonicalABI.md).</summary>
        /// <exception cref="ArgumentNullException">When <paramref name="type"/> is null.</exception>
        public static IReadOnlyList<WitCoreType> Flatten(WitType type)
        {
            var flat = new List<WitCoreType>();
            AppendFlat(type, flat);
            return flat;
        }

        /// <summary>
        /// The core signature of <paramref name="function"/> for the given direction, applying the spill rules:
        /// more than <see cref="MaxFlatParams"/> flat parameters become one pointer; more than <see cref="MaxFlatResults"/> flat results become
        /// a returned pointer (<see cref="WitAbiDirection.Lift"/>) or an out-pointer parameter (<see cref="WitAbiDirection.Lower"/>).
        /// </summary>
        /// <exception cref="ArgumentNullException">When <paramref name="function"/> is null.</exception>
        public static WitFlatSignature FlattenFunction(WitFunction function, WitAbiDirection direction)
        {
            if (function == null)
            {
                throw new ArgumentNullException(nameof(function));
            }

            var parameters = new List<WitCoreType>();
            foreach (var parameter in function.Parameters)
            {
                AppendFlat(parameter.Type, parameters);
            }

            var results = new List<WitCoreType>();
            if (function.Result != null)
            {
                AppendFlat(function.Result, results);
            }

            var parametersSpilled = parameters.Count > MaxFlatParams;
            if (parametersSpilled)
            {
                parameters = new List<WitCoreType> { WitCoreType.I32 };
            }

            var resultsSpilled = results.Count > MaxFlatResults;
            var resultPointerIsParameter = false;
            if (resultsSpilled)
            {
                if (direction == WitAbiDirection.Lift)
                {
                    results = new List<WitCoreType> { WitCoreType.I32 };
                }
                else
                {
                    parameters.Add(WitCoreType.I32);
                    results = new List<WitCoreType>();
                    resultPointerIsParameter = true;
                }
            }

            return new WitFlatSignature(parameters, results, parametersSpilled, resultsSpilled, resultPointerIsParameter);
        }

        private static void AppendFlat(WitType type, List<WitCoreType> flat)
        {
            switch (Despecialize(type))
            {
                case WitPrimitiveType primitive:
                    flat.Add(PrimitiveFlat(primitive.Kind));
                    if (primitive.Kind == WitPrimitiveKind.String)
                    {
                        flat.Add(WitCoreType.I32);
                    }

                    break;
                case WitListType _:
                    flat.Add(WitCoreType.I32);
                    flat.Add(WitCoreType.I32);
                    break;
                case WitHandleType _:
                    flat.Add(WitCoreType.I32);
                    break;
                case RecordShape record:
                    foreach (var field in record.Fields)
                    {
                        AppendFlat(field, flat);
                    }

                    break;
                case VariantShape variant:
                    flat.Add(WitCoreType.I32);
                    var joined = new List<WitCoreType>();
                    foreach (var payload in variant.Cases)
                    {
                        if (payload == null)
                        {
                            continue;
                        }

                        var caseFlat = Flatten(payload);
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

                    flat.AddRange(joined);
                    break;
                case FlagsShape _:
                    flat.Add(WitCoreType.I32);
                    break;
                default:
                    throw Unreachable(type);
            }
        }

        private static WitCoreType Join(WitCoreType a, WitCoreType b)
        {
            if (a == b)
            {
                return a;
            }

            if ((a == WitCoreType.I32 && b == WitCoreType.F32) || (a == WitCoreType.F32 && b == WitCoreType.I32))
            {
                return WitCoreType.I32;
            }

            return WitCoreType.I64;
        }

        private static int PrimitiveSize(WitPrimitiveKind kind)
        {
            switch (kind)
            {
                case WitPrimitiveKind.Bool:
                case WitPrimitiveKind.S8:
                case WitPrimitiveKind.U8:
                    return 1;
                case WitPrimitiveKind.S16:
                case WitPrimitiveKind.U16:
                    return 2;
                case WitPrimitiveKind.S32:
                case WitPrimitiveKind.U32:
                case WitPrimitiveKind.F32:
                case WitPrimitiveKind.Char:
                    return 4;
                case WitPrimitiveKind.String:
                    return 2 * PointerSize;
                default:
                    return 8;
            }
        }

        private static WitCoreType PrimitiveFlat(WitPrimitiveKind kind)
        {
            switch (kind)
            {
                case WitPrimitiveKind.S64:
                case WitPrimitiveKind.U64:
                    return WitCoreType.I64;
                case WitPrimitiveKind.F32:
                    return WitCoreType.F32;
                case WitPrimitiveKind.F64:
                    return WitCoreType.F64;
                default:
                    return WitCoreType.I32;
            }
        }

        private static int RecordSize(IReadOnlyList<WitType> fields)
        {
            var size = 0;
            foreach (var field in fields)
            {
                size = AlignTo(size, AlignmentOf(field)) + SizeOf(field);
            }

            return AlignTo(size, RecordAlignment(fields));
        }

        private static int RecordAlignment(IReadOnlyList<WitType> fields) => fields.Aggregate(1, (a, f) => Math.Max(a, AlignmentOf(f)));

        private static int VariantSize(IReadOnlyList<WitType?> cases)
        {
            var size = AlignTo(DiscriminantSizeForCount(cases.Count), MaxCaseAlignment(cases));
            size += cases.Aggregate(0, (s, c) => c == null ? s : Math.Max(s, SizeOf(c)));
            return AlignTo(size, VariantAlignment(cases));
        }

        private static int VariantAlignment(IReadOnlyList<WitType?> cases) => Math.Max(DiscriminantSizeForCount(cases.Count), MaxCaseAlignment(cases));

        private static int MaxCaseAlignment(IReadOnlyList<WitType?> cases) => cases.Aggregate(1, (a, c) => c == null ? a : Math.Max(a, AlignmentOf(c)));

        private static int DiscriminantSizeForCount(int count) => count <= 1 << 8 ? 1 : count <= 1 << 16 ? 2 : 4;

        private static int FlagsSize(int count) => count <= 8 ? 1 : count <= 16 ? 2 : 4;

        private static int AlignTo(int offset, int alignment) => (offset + alignment - 1) / alignment * alignment;

        private static IReadOnlyList<WitType?> VariantCases(WitType type)
        {
            if (Despecialize(type) is VariantShape variant)
            {
                return variant.Cases;
            }

            throw new ArgumentException("Need a variant, enum, option or result type, got " + Describe(type) + ".", nameof(type));
        }

        private static string Describe(WitType type) => type.Unalias().GetType().Name;

        private static Exception Unreachable(WitType type) => new ArgumentException("A resolved value type was expected, got " + Describe(type) + ".", nameof(type));

        /// <summary>Maps every value type to one of the few shapes the ABI distinguishes, like CanonicalABI.md's <c>despecialize</c>.</summary>
        private static object Despecialize(WitType type)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            if (type == null)
            {
                throw new ArgumentNullException(nameof(type));
            }

            switch (type.Unalias())
            {
                case WitPrimitiveType primitive: return primitive;
                case WitListType list: return list;
                case WitHandleType handle: return handle;
                case WitTupleType tuple: return new RecordShape(tuple.Elements);
                case WitRecordType record: return new RecordShape(record.Fields.Select(f => f.Type).ToList());
                case WitVariantType variant: return new VariantShape(variant.Cases.Select(c => c.Type).ToList());
                case WitEnumType @enum: return new VariantShape(new WitType?[@enum.Cases.Count]);
                case WitOptionType option: return new VariantShape(new WitType?[] { null, option.Payload });
                case WitResultType result: return new VariantShape(new[] { result.Ok, result.Error });
                case WitFlagsType flags: return new FlagsShape(flags.Flags.Count);
                case WitResourceType resource: return new WitHandleType(resource, WitHandleKind.Own);
                default: throw Unreachable(type);
            }
        }

        private sealed class RecordShape
        {
            public RecordShape(IReadOnlyList<WitType> fields) => Fields = fields;

            public IReadOnlyList<WitType> Fields { get; }
        }

        private sealed class VariantShape
        {
            public VariantShape(IReadOnlyList<WitType?> cases) => Cases = cases;

            public IReadOnlyList<WitType?> Cases { get; }
        }

        private sealed class FlagsShape
        {
            public FlagsShape(int count) => Count = count;

            public int Count { get; }
        }
    }
}
