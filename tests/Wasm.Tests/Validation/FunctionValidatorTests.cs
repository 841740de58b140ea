using WitSharp.Wasm.Tests.Binary;
using static WitSharp.Wasm.Tests.Binary.ModuleBytes;

namespace WitSharp.Wasm.Tests.Validation;

public class FunctionValidatorTests
{
    private static InvalidModuleException Invalid(byte[] binary) => Assert.Throws<InvalidModuleException>(() => Load(binary));

    private static string Reason(byte[] parameters, byte[] results, byte[] code, params (uint, byte)[] locals) =>
        Invalid(SingleFunction(parameters, results, code, locals)).Reason;

    private static void Valid(byte[] parameters, byte[] results, byte[] code, params (uint, byte)[] locals) =>
        Load(SingleFunction(parameters, results, code, locals));

    [Fact]
    public void FeatureTourValidatesAndRecordsStackFacts()
    {
        var module = Load(SampleModules.FeatureTour);
        Assert.All(module.Code, body => Assert.True(body.MaxControlDepth >= 1));
        Assert.Contains(module.Code, body => body.MaxStackHeight >= 3);
    }

    [Fact]
    public void ClangOutputValidates()
    {
        var module = Load(SampleModules.ClangKernels);
        Assert.All(module.Code, body => Assert.True(body.MaxStackHeight > 0));
    }

    [Fact]
    public void TraitsDescribeWhatTheBodyUses()
    {
        var binary = Module(
            TypeSection(FuncType([], [])), FunctionSection(0, 0, 0, 0), TableSection(FuncRef, 1), MemorySection(1),
            CodeSection(
                Body([0x01]),
                Body([0x03, 0x40, End, 0x10, 0x00]), // loop; call 0
                Body([0x41, 0x00, 0x28, 0x02, 0x00, 0x1A]), // i32.load
                Body([0x41, 0x00, 0x11, 0x00, 0x00]))); // call_indirect
        var code = Load(binary).Code;
        Assert.Equal(FunctionTraits.None, code[0].Traits);
        Assert.Equal(FunctionTraits.Loops | FunctionTraits.Calls, code[1].Traits);
        Assert.Equal(FunctionTraits.MemoryAccess, code[2].Traits);
        Assert.Equal(FunctionTraits.Calls | FunctionTraits.TableAccess, code[3].Traits);
        Assert.Equal((0, 1), (code[0].MaxStackHeight, code[0].MaxControlDepth));
        Assert.Equal(2, code[1].MaxControlDepth);
        Assert.Equal(1, code[2].MaxStackHeight);
    }

    [Fact]
    public void SimpleArithmeticIsValid()
    {
        Valid([I32, I32], [I32], [0x20, 0x00, 0x20, 0x01, 0x6A]);
        Valid([], [I64], [0x42, 0x05, 0x42, 0x06, 0x7E]);
        Valid([F64], [I32], [0x20, 0x00, 0xFC, 0x02]); // i32.trunc_sat_f64_s
    }

    [Fact]
    public void OperandTypeErrorsAreTypeMismatches()
    {
        Assert.StartsWith("type mismatch", Reason([], [I32], [0x42, 0x00])); // i64 where i32 expected
        Assert.StartsWith("type mismatch", Reason([], [], [0x6A])); // i32.add on an empty stack
        Assert.StartsWith("type mismatch", Reason([], [], [0x41, 0x00])); // value left at function end
        Assert.StartsWith("type mismatch", Reason([], [I32], [0x43, 0, 0, 0, 0, 0x45])); // i32.eqz of f32
    }

    [Fact]
    public void ErrorsNameTheFunctionAndOffset()
    {
        var binary = Module(
            TypeSection(FuncType([], [])), FunctionSection(0, 0),
            CodeSection(Body([]), Body([0x01, 0x6A])),
            NameSection((1, "bad_add")));
        var error = Invalid(binary);
        Assert.Contains("function 1 'bad_add'", error.Message);
        Assert.Equal(0x6A, binary[error.Offset]);
    }

    [Fact]
    public void UnreachableCodeIsPolymorphic()
    {
        Valid([], [I32], [0x00, 0x6A]); // unreachable; i32.add
        Valid([], [I64], [0x00, 0x1B]); // unreachable; select yields an unknown operand
        Valid([], [I32], [0x02, 0x7F, 0x41, 0x01, 0x0C, 0x00, 0x6A, End]); // br then dead i32.add
        Assert.StartsWith("type mismatch", Reason([], [I32], [0x00, 0x42, 0x00])); // known i64 still mismatches
        Assert.StartsWith("type mismatch", Reason([], [I64], [0x00, 0x0D, 0x00, 0xAD])); // br_if result is typed by its label
    }

    [Fact]
    public void IndicesMustExist()
    {
        Assert.Equal("unknown local 3", Reason([I32], [], [0x20, 0x03, 0x1A], (2, I64)));
        Assert.Equal("unknown function 9", Reason([], [], [0x10, 0x09]));
        Assert.Equal("unknown global 0", Reason([], [], [0x23, 0x00, 0x1A]));
        Assert.Equal("unknown table 0", Reason([], [], [0x41, 0x00, 0x11, 0x00, 0x00]));
        Assert.Equal("unknown memory 0", Reason([], [], [0x41, 0x00, 0x28, 0x02, 0x00, 0x1A]));
        Assert.Equal("unknown type 4", Reason([], [], [0x02, 0x04, End]));
        Assert.Equal("unknown label 1", Reason([], [], [0x0C, 0x01]));
        Assert.Equal("unknown elem segment 0", Reason([], [], [0xFC, 0x0D, 0x00]));
    }

    [Fact]
    public void DataSegmentInstructionsNeedTheDataCountSection()
    {
        var withoutCount = Module(TypeSection(FuncType([], [])), FunctionSection(0), MemorySection(1),
            CodeSection(Body([0xFC, 0x09, 0x00])), Section(11, Vec([0x01, 0x00])));
        Assert.Equal("data count section required", Assert.Throws<MalformedModuleException>(() => Load(withoutCount)).Reason);
        var unknown = Module(TypeSection(FuncType([], [])), FunctionSection(0), MemorySection(1), Section(12, U32(0)),
            CodeSection(Body([0xFC, 0x09, 0x00])));
        Assert.Equal("unknown data segment 0", Invalid(unknown).Reason);
    }

    [Fact]
    public void AlignmentMustNotExceedNatural()
    {
        var binary = Module(TypeSection(FuncType([], [])), FunctionSection(0), MemorySection(1),
            CodeSection(Body([0x41, 0x00, 0x2D, 0x01, 0x00, 0x1A]))); // i32.load8_u align=2
        Assert.Equal("alignment must not be larger than natural", Invalid(binary).Reason);
        Load(Module(TypeSection(FuncType([], [])), FunctionSection(0), MemorySection(1),
            CodeSection(Body([0x41, 0x00, 0x29, 0x03, 0x00, 0x1A])))); // i64.load align=8
    }

    [Fact]
    public void ImmutableGlobalsCannotBeSet()
    {
        var binary = Module(TypeSection(FuncType([], [])), FunctionSection(0),
            Section(6, Vec([I32, 0x00, 0x41, 0x00, End])), CodeSection(Body([0x41, 0x01, 0x24, 0x00])));
        Assert.StartsWith("global is immutable", Invalid(binary).Reason);
    }

    [Fact]
    public void BlocksCheckTheirTypes()
    {
        Valid([], [I32], [0x02, 0x7F, 0x41, 0x01, End]);
        Assert.StartsWith("type mismatch", Reason([], [I32], [0x02, 0x7F, End])); // block (result i32) left empty
        Assert.StartsWith("type mismatch", Reason([], [I32], [0x41, 0x01, 0x04, 0x7F, 0x41, 0x02, End])); // if with result lacks else
        Valid([], [I32], [0x41, 0x01, 0x04, 0x7F, 0x41, 0x02, 0x05, 0x41, 0x03, End]);
    }

    [Fact]
    public void MultiValueBlocksTakeParametersFromTheStack()
    {
        // type 0: [] -> [i32]; type 1: [i32 i32] -> [i32]
        var binary = Module(
            TypeSection(FuncType([], [I32]), FuncType([I32, I32], [I32])), FunctionSection(0),
            CodeSection(Body([0x41, 0x01, 0x41, 0x02, 0x02, 0x01, 0x6A, End])));
        Load(binary);
        var missingParameter = Module(
            TypeSection(FuncType([], [I32]), FuncType([I32, I32], [I32])), FunctionSection(0),
            CodeSection(Body([0x41, 0x01, 0x02, 0x01, 0x6A, End])));
        Assert.StartsWith("type mismatch", Invalid(missingParameter).Reason);
    }

    [Fact]
    public void BrTableTargetsMustAgreeOnArity()
    {
        // block (result i32) block  i32.const 0  br_table 0 1 ... arities 0 and 1 differ.
        byte[] code = [0x02, 0x7F, 0x02, 0x40, 0x41, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, End, 0x41, 0x00, End];
        Assert.StartsWith("type mismatch", Reason([], [I32], code));
        Valid([], [I32], [0x02, 0x7F, 0x41, 0x07, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x00, End]);
    }

    [Fact]
    public void SelectRules()
    {
        Valid([], [I32], [0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1B]);
        Assert.StartsWith("type mismatch", Reason([], [FuncRef], [0xD0, FuncRef, 0xD0, FuncRef, 0x41, 0x00, 0x1B]));
        Valid([], [FuncRef], [0xD0, FuncRef, 0xD0, FuncRef, 0x41, 0x00, 0x1C, 0x01, FuncRef]);
        Assert.Equal("invalid result arity", Reason([], [I32], [0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1C, 0x02, I32, I32]));
    }

    [Fact]
    public void RefFuncNeedsADeclaration()
    {
        var undeclared = Module(TypeSection(FuncType([], [])), FunctionSection(0), CodeSection(Body([0xD2, 0x00, 0x1A])));
        Assert.Equal("undeclared function reference 0", Invalid(undeclared).Reason);
        var declared = Module(TypeSection(FuncType([], [])), FunctionSection(0), Section(9, Vec([0x03, 0x00, .. Vec([0x00])])),
            CodeSection(Body([0xD2, 0x00, 0x1A])));
        Load(declared);
        var exported = Module(TypeSection(FuncType([], [])), FunctionSection(0), ExportSection(Export("f", 0, 0)),
            CodeSection(Body([0xD2, 0x00, 0x1A])));
        Load(exported);
    }

    [Fact]
    public void TableInstructionsCheckElementTypes()
    {
        var binary = Module(TypeSection(FuncType([], [])), FunctionSection(0), TableSection(ExternRef, 1),
            CodeSection(Body([0x41, 0x00, 0xD0, FuncRef, 0x26, 0x00]))); // table.set of funcref into externref table
        Assert.StartsWith("type mismatch", Invalid(binary).Reason);
        var callThroughExternTable = Module(TypeSection(FuncType([], [])), FunctionSection(0), TableSection(ExternRef, 1),
            CodeSection(Body([0x41, 0x00, 0x11, 0x00, 0x00])));
        Assert.StartsWith("type mismatch", Invalid(callThroughExternTable).Reason);
    }

    [Fact]
    public void InstructionsAfterTheFinalEndAreMalformed()
    {
        var binary = Module(TypeSection(FuncType([], [])), FunctionSection(0), CodeSection(Body([End, 0x01])));
        Assert.Equal("section size mismatch", Assert.Throws<MalformedModuleException>(() => Load(binary)).Reason);
        var missingEnd = Module(TypeSection(FuncType([], [])), FunctionSection(0), CodeSection([0x03, 0x00, 0x01, 0x01]));
        Assert.Equal("unexpected end of section or function", Assert.Throws<MalformedModuleException>(() => Load(missingEnd)).Reason);
        var bodyPastSection = Module(TypeSection(FuncType([], [])), FunctionSection(0), CodeSection([0x05, 0x00, 0x01, 0x01]));
        Assert.Equal("unexpected end of section or function", Assert.Throws<MalformedModuleException>(() => Load(bodyPastSection)).Reason);
    }

    [Fact]
    public void DeepNestingIsBounded()
    {
        var depth = DecoderLimits.MaxControlDepth + 1;
        byte[] code = [.. Enumerable.Repeat<byte[]>([0x02, 0x40], depth).SelectMany(b => b), .. Enumerable.Repeat(End, depth)];
        Assert.Equal("control nesting too deep", Reason([], [], code));
    }
}
