namespace WitSharp.Wasm;

/// <summary>The immediates and operand shape of a SIMD instruction; decoder, validator and compiler all dispatch on it.</summary>
internal enum SimdShape : byte
{
    /// <summary>memarg; i32 address -> v128.</summary>
    Load,
    /// <summary>memarg; i32 address, v128 -> nothing.</summary>
    Store,
    /// <summary>memarg and lane; i32 address, v128 -> v128.</summary>
    LoadLane,
    /// <summary>memarg and lane; i32 address, v128 -> nothing.</summary>
    StoreLane,
    /// <summary>16 immediate bytes; -> v128.</summary>
    Const,
    /// <summary>16 lane indices below 32; v128, v128 -> v128.</summary>
    Shuffle,
    /// <summary>lane; v128 -> scalar.</summary>
    ExtractLane,
    /// <summary>lane; v128, scalar -> v128.</summary>
    ReplaceLane,
    /// <summary>scalar -> v128.</summary>
    Splat,
    /// <summary>v128 -> v128.</summary>
    Unary,
    /// <summary>v128, v128 -> v128.</summary>
    Binary,
    /// <summary>v128, v128, v128 -> v128 (bitselect).</summary>
    Ternary,
    /// <summary>v128 -> i32 (any_true, all_true, bitmask).</summary>
    Test,
    /// <summary>v128, i32 shift count -> v128.</summary>
    Shift,
}

/// <summary>
/// One instruction of the fixed-width SIMD proposal (0xFD prefix).
/// </summary>
/// <param name="Name">The text-format name, for example "i8x16.add_sat_s".</param>
/// <param name="Shape">Immediates and operand types.</param>
/// <param name="Scalar">The scalar operand or result type of splat, lane and shift instructions (i32 otherwise).</param>
/// <param name="SizeLog2">Memory access size exponent of loads and stores (the largest valid alignment); lane size
/// exponent of lane instructions (so the lane count is <c>16 &gt;&gt; SizeLog2</c>).</param>
internal sealed record SimdInstruction(string Name, SimdShape Shape, ValueType Scalar, int SizeLog2)
{
    /// <summary>The lane count of lane instructions.</summary>
    public int LaneCount => 16 >> SizeLog2;

    /// <summary>The <see cref="SimdOps"/> helper implementing the instruction: the name in Pascal case, for example
    /// <c>I8x16AddSatS</c>.</summary>
    public string HelperName { get; } = string.Concat(Name.Split('.', '_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}

/// <summary>The SIMD instructions by sub-opcode (the LEB128 u32 after 0xFD), as listed in the specification's binary format.</summary>
internal static class SimdInstructions
{
    private static readonly SimdInstruction?[] s_bySubOpcode = Build();

    /// <summary>The instruction with sub-opcode <paramref name="subOpcode"/>, or null for an unassigned one.</summary>
    public static SimdInstruction? Get(uint subOpcode) => subOpcode < (uint)s_bySubOpcode.Length ? s_bySubOpcode[subOpcode] : null;

    /// <summary>The instruction of a decoded SIMD opcode.</summary>
    public static SimdInstruction Of(Opcode opcode) => s_bySubOpcode[(int)opcode & 0xFF]!;

    /// <summary>Whether <paramref name="opcode"/> is a 0xFD-prefixed instruction.</summary>
    public static bool IsSimd(Opcode opcode) => ((int)opcode & 0xFF00) == 0xFD00;

    private static SimdInstruction?[] Build()
    {
        const ValueType I32 = ValueType.I32, I64 = ValueType.I64, F32 = ValueType.F32, F64 = ValueType.F64;
        var table = new SimdInstruction?[256];
        void Add(int code, string name, SimdShape shape, ValueType scalar = I32, int sizeLog2 = 0) =>
            table[code] = new SimdInstruction(name, shape, scalar, sizeLog2);
        void Family(int first, SimdShape shape, params string[] names)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (names[i].Length > 0)
                {
                    Add(first + i, names[i], shape);
                }
            }
        }

        Add(0x00, "v128.load", SimdShape.Load, sizeLog2: 4);
        Add(0x01, "v128.load8x8_s", SimdShape.Load, sizeLog2: 3);
        Add(0x02, "v128.load8x8_u", SimdShape.Load, sizeLog2: 3);
        Add(0x03, "v128.load16x4_s", SimdShape.Load, sizeLog2: 3);
        Add(0x04, "v128.load16x4_u", SimdShape.Load, sizeLog2: 3);
        Add(0x05, "v128.load32x2_s", SimdShape.Load, sizeLog2: 3);
        Add(0x06, "v128.load32x2_u", SimdShape.Load, sizeLog2: 3);
        Add(0x07, "v128.load8_splat", SimdShape.Load, sizeLog2: 0);
        Add(0x08, "v128.load16_splat", SimdShape.Load, sizeLog2: 1);
        Add(0x09, "v128.load32_splat", SimdShape.Load, sizeLog2: 2);
        Add(0x0A, "v128.load64_splat", SimdShape.Load, sizeLog2: 3);
        Add(0x0B, "v128.store", SimdShape.Store, sizeLog2: 4);
        Add(0x0C, "v128.const", SimdShape.Const);
        Add(0x0D, "i8x16.shuffle", SimdShape.Shuffle);
        Add(0x0E, "i8x16.swizzle", SimdShape.Binary);
        Add(0x0F, "i8x16.splat", SimdShape.Splat, I32);
        Add(0x10, "i16x8.splat", SimdShape.Splat, I32);
        Add(0x11, "i32x4.splat", SimdShape.Splat, I32);
        Add(0x12, "i64x2.splat", SimdShape.Splat, I64);
        Add(0x13, "f32x4.splat", SimdShape.Splat, F32);
        Add(0x14, "f64x2.splat", SimdShape.Splat, F64);
        Add(0x15, "i8x16.extract_lane_s", SimdShape.ExtractLane, I32, 0);
        Add(0x16, "i8x16.extract_lane_u", SimdShape.ExtractLane, I32, 0);
        Add(0x17, "i8x16.replace_lane", SimdShape.ReplaceLane, I32, 0);
        Add(0x18, "i16x8.extract_lane_s", SimdShape.ExtractLane, I32, 1);
        Add(0x19, "i16x8.extract_lane_u", SimdShape.ExtractLane, I32, 1);
        Add(0x1A, "i16x8.replace_lane", SimdShape.ReplaceLane, I32, 1);
        Add(0x1B, "i32x4.extract_lane", SimdShape.ExtractLane, I32, 2);
        Add(0x1C, "i32x4.replace_lane", SimdShape.ReplaceLane, I32, 2);
        Add(0x1D, "i64x2.extract_lane", SimdShape.ExtractLane, I64, 3);
        Add(0x1E, "i64x2.replace_lane", SimdShape.ReplaceLane, I64, 3);
        Add(0x1F, "f32x4.extract_lane", SimdShape.ExtractLane, F32, 2);
        Add(0x20, "f32x4.replace_lane", SimdShape.ReplaceLane, F32, 2);
        Add(0x21, "f64x2.extract_lane", SimdShape.ExtractLane, F64, 3);
        Add(0x22, "f64x2.replace_lane", SimdShape.ReplaceLane, F64, 3);
        string[] integerComparisons = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];
        Family(0x23, SimdShape.Binary, [.. integerComparisons.Select(c => "i8x16." + c)]);
        Family(0x2D, SimdShape.Binary, [.. integerComparisons.Select(c => "i16x8." + c)]);
        Family(0x37, SimdShape.Binary, [.. integerComparisons.Select(c => "i32x4." + c)]);
        string[] floatComparisons = ["eq", "ne", "lt", "gt", "le", "ge"];
        Family(0x41, SimdShape.Binary, [.. floatComparisons.Select(c => "f32x4." + c)]);
        Family(0x47, SimdShape.Binary, [.. floatComparisons.Select(c => "f64x2." + c)]);
        Add(0x4D, "v128.not", SimdShape.Unary);
        Family(0x4E, SimdShape.Binary, "v128.and", "v128.andnot", "v128.or", "v128.xor");
        Add(0x52, "v128.bitselect", SimdShape.Ternary);
        Add(0x53, "v128.any_true", SimdShape.Test);
        Add(0x54, "v128.load8_lane", SimdShape.LoadLane, I32, 0);
        Add(0x55, "v128.load16_lane", SimdShape.LoadLane, I32, 1);
        Add(0x56, "v128.load32_lane", SimdShape.LoadLane, I32, 2);
        Add(0x57, "v128.load64_lane", SimdShape.LoadLane, I32, 3);
        Add(0x58, "v128.store8_lane", SimdShape.StoreLane, I32, 0);
        Add(0x59, "v128.store16_lane", SimdShape.StoreLane, I32, 1);
        Add(0x5A, "v128.store32_lane", SimdShape.StoreLane, I32, 2);
        Add(0x5B, "v128.store64_lane", SimdShape.StoreLane, I32, 3);
        Add(0x5C, "v128.load32_zero", SimdShape.Load, sizeLog2: 2);
        Add(0x5D, "v128.load64_zero", SimdShape.Load, sizeLog2: 3);
        Family(0x5E, SimdShape.Unary, "f32x4.demote_f64x2_zero", "f64x2.promote_low_f32x4", "i8x16.abs", "i8x16.neg", "i8x16.popcnt");
        Family(0x63, SimdShape.Test, "i8x16.all_true", "i8x16.bitmask");
        Family(0x65, SimdShape.Binary, "i8x16.narrow_i16x8_s", "i8x16.narrow_i16x8_u");
        Family(0x67, SimdShape.Unary, "f32x4.ceil", "f32x4.floor", "f32x4.trunc", "f32x4.nearest");
        Family(0x6B, SimdShape.Shift, "i8x16.shl", "i8x16.shr_s", "i8x16.shr_u");
        Family(0x6E, SimdShape.Binary, "i8x16.add", "i8x16.add_sat_s", "i8x16.add_sat_u", "i8x16.sub", "i8x16.sub_sat_s", "i8x16.sub_sat_u");
        Family(0x74, SimdShape.Unary, "f64x2.ceil", "f64x2.floor");
        Family(0x76, SimdShape.Binary, "i8x16.min_s", "i8x16.min_u", "i8x16.max_s", "i8x16.max_u");
        Add(0x7A, "f64x2.trunc", SimdShape.Unary);
        Add(0x7B, "i8x16.avgr_u", SimdShape.Binary);
        Family(0x7C, SimdShape.Unary, "i16x8.extadd_pairwise_i8x16_s", "i16x8.extadd_pairwise_i8x16_u",
            "i32x4.extadd_pairwise_i16x8_s", "i32x4.extadd_pairwise_i16x8_u", "i16x8.abs", "i16x8.neg");
        Add(0x82, "i16x8.q15mulr_sat_s", SimdShape.Binary);
        Family(0x83, SimdShape.Test, "i16x8.all_true", "i16x8.bitmask");
        Family(0x85, SimdShape.Binary, "i16x8.narrow_i32x4_s", "i16x8.narrow_i32x4_u");
        Family(0x87, SimdShape.Unary, "i16x8.extend_low_i8x16_s", "i16x8.extend_high_i8x16_s", "i16x8.extend_low_i8x16_u", "i16x8.extend_high_i8x16_u");
        Family(0x8B, SimdShape.Shift, "i16x8.shl", "i16x8.shr_s", "i16x8.shr_u");
        Family(0x8E, SimdShape.Binary, "i16x8.add", "i16x8.add_sat_s", "i16x8.add_sat_u", "i16x8.sub", "i16x8.sub_sat_s", "i16x8.sub_sat_u");
        Add(0x94, "f64x2.nearest", SimdShape.Unary);
        Family(0x95, SimdShape.Binary, "i16x8.mul", "i16x8.min_s", "i16x8.min_u", "i16x8.max_s", "i16x8.max_u", "", "i16x8.avgr_u",
            "i16x8.extmul_low_i8x16_s", "i16x8.extmul_high_i8x16_s", "i16x8.extmul_low_i8x16_u", "i16x8.extmul_high_i8x16_u");
        Family(0xA0, SimdShape.Unary, "i32x4.abs", "i32x4.neg");
        Family(0xA3, SimdShape.Test, "i32x4.all_true", "i32x4.bitmask");
        Family(0xA7, SimdShape.Unary, "i32x4.extend_low_i16x8_s", "i32x4.extend_high_i16x8_s", "i32x4.extend_low_i16x8_u", "i32x4.extend_high_i16x8_u");
        Family(0xAB, SimdShape.Shift, "i32x4.shl", "i32x4.shr_s", "i32x4.shr_u");
        Add(0xAE, "i32x4.add", SimdShape.Binary);
        Add(0xB1, "i32x4.sub", SimdShape.Binary);
        Family(0xB5, SimdShape.Binary, "i32x4.mul", "i32x4.min_s", "i32x4.min_u", "i32x4.max_s", "i32x4.max_u", "i32x4.dot_i16x8_s", "",
            "i32x4.extmul_low_i16x8_s", "i32x4.extmul_high_i16x8_s", "i32x4.extmul_low_i16x8_u", "i32x4.extmul_high_i16x8_u");
        Family(0xC0, SimdShape.Unary, "i64x2.abs", "i64x2.neg");
        Family(0xC3, SimdShape.Test, "i64x2.all_true", "i64x2.bitmask");
        Family(0xC7, SimdShape.Unary, "i64x2.extend_low_i32x4_s", "i64x2.extend_high_i32x4_s", "i64x2.extend_low_i32x4_u", "i64x2.extend_high_i32x4_u");
        Family(0xCB, SimdShape.Shift, "i64x2.shl", "i64x2.shr_s", "i64x2.shr_u");
        Add(0xCE, "i64x2.add", SimdShape.Binary);
        Add(0xD1, "i64x2.sub", SimdShape.Binary);
        Add(0xD5, "i64x2.mul", SimdShape.Binary);
        Family(0xD6, SimdShape.Binary, "i64x2.eq", "i64x2.ne", "i64x2.lt_s", "i64x2.gt_s", "i64x2.le_s", "i64x2.ge_s",
            "i64x2.extmul_low_i32x4_s", "i64x2.extmul_high_i32x4_s", "i64x2.extmul_low_i32x4_u", "i64x2.extmul_high_i32x4_u");
        Family(0xE0, SimdShape.Unary, "f32x4.abs", "f32x4.neg");
        Add(0xE3, "f32x4.sqrt", SimdShape.Unary);
        Family(0xE4, SimdShape.Binary, "f32x4.add", "f32x4.sub", "f32x4.mul", "f32x4.div", "f32x4.min", "f32x4.max", "f32x4.pmin", "f32x4.pmax");
        Family(0xEC, SimdShape.Unary, "f64x2.abs", "f64x2.neg");
        Add(0xEF, "f64x2.sqrt", SimdShape.Unary);
        Family(0xF0, SimdShape.Binary, "f64x2.add", "f64x2.sub", "f64x2.mul", "f64x2.div", "f64x2.min", "f64x2.max", "f64x2.pmin", "f64x2.pmax");
        Family(0xF8, SimdShape.Unary, "i32x4.trunc_sat_f32x4_s", "i32x4.trunc_sat_f32x4_u", "f32x4.convert_i32x4_s", "f32x4.convert_i32x4_u",
            "i32x4.trunc_sat_f64x2_s_zero", "i32x4.trunc_sat_f64x2_u_zero", "f64x2.convert_low_i32x4_s", "f64x2.convert_low_i32x4_u");
        return table;
    }
}
