namespace WitSharp.Wasm;

/// <summary>
/// Operand and result types of the plain numeric instructions (tests, comparisons, arithmetic, conversions,
/// sign extension, saturating truncation): pop <see cref="Second"/> (if any) then <see cref="First"/>, push <see cref="Result"/>.
/// </summary>
internal readonly record struct NumericSignature(ValueType First, ValueType Second, ValueType Result)
{
    private static readonly NumericSignature[] SingleByte = BuildSingleByte();
    private static readonly NumericSignature[] Saturating =
    [
        new(ValueType.F32, 0, ValueType.I32), new(ValueType.F32, 0, ValueType.I32),
        new(ValueType.F64, 0, ValueType.I32), new(ValueType.F64, 0, ValueType.I32),
        new(ValueType.F32, 0, ValueType.I64), new(ValueType.F32, 0, ValueType.I64),
        new(ValueType.F64, 0, ValueType.I64), new(ValueType.F64, 0, ValueType.I64),
    ];

    public static bool TryGet(Opcode opcode, out NumericSignature signature)
    {
        var code = (int)opcode;
        if (code is >= 0x45 and <= 0xC4)
        {
            signature = SingleByte[code];
            return true;
        }
        if (code is >= 0xFC00 and <= 0xFC07)
        {
            signature = Saturating[code - 0xFC00];
            return true;
        }
        signature = default;
        return false;
    }

    private static NumericSignature[] BuildSingleByte()
    {
        const ValueType i32 = ValueType.I32, i64 = ValueType.I64, f32 = ValueType.F32, f64 = ValueType.F64;
        var table = new NumericSignature[0xC5];
        void Range(int first, int last, NumericSignature signature)
        {
            for (var code = first; code <= last; code++)
            {
                table[code] = signature;
            }
        }
        Range(0x45, 0x45, new(i32, 0, i32));
        Range(0x46, 0x4F, new(i32, i32, i32));
        Range(0x50, 0x50, new(i64, 0, i32));
        Range(0x51, 0x5A, new(i64, i64, i32));
        Range(0x5B, 0x60, new(f32, f32, i32));
        Range(0x61, 0x66, new(f64, f64, i32));
        Range(0x67, 0x69, new(i32, 0, i32));
        Range(0x6A, 0x78, new(i32, i32, i32));
        Range(0x79, 0x7B, new(i64, 0, i64));
        Range(0x7C, 0x8A, new(i64, i64, i64));
        Range(0x8B, 0x91, new(f32, 0, f32));
        Range(0x92, 0x98, new(f32, f32, f32));
        Range(0x99, 0x9F, new(f64, 0, f64));
        Range(0xA0, 0xA6, new(f64, f64, f64));
        Range(0xA7, 0xA7, new(i64, 0, i32));
        Range(0xA8, 0xA9, new(f32, 0, i32));
        Range(0xAA, 0xAB, new(f64, 0, i32));
        Range(0xAC, 0xAD, new(i32, 0, i64));
        Range(0xAE, 0xAF, new(f32, 0, i64));
        Range(0xB0, 0xB1, new(f64, 0, i64));
        Range(0xB2, 0xB3, new(i32, 0, f32));
        Range(0xB4, 0xB5, new(i64, 0, f32));
        Range(0xB6, 0xB6, new(f64, 0, f32));
        Range(0xB7, 0xB8, new(i32, 0, f64));
        Range(0xB9, 0xBA, new(i64, 0, f64));
        Range(0xBB, 0xBB, new(f32, 0, f64));
        Range(0xBC, 0xBC, new(f32, 0, i32));
        Range(0xBD, 0xBD, new(f64, 0, i64));
        Range(0xBE, 0xBE, new(i32, 0, f32));
        Range(0xBF, 0xBF, new(i64, 0, f64));
        Range(0xC0, 0xC1, new(i32, 0, i32));
        Range(0xC2, 0xC4, new(i64, 0, i64));
        return table;
    }
}
