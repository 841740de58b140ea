using static WitSharp.Wit.WitCoreType;

namespace WitSharp.Wit.Tests;

/// <summary>Expected values are worked out by hand from CanonicalABI.md (memory32).</summary>
public class CanonicalAbiTests
{
    /// <summary>Resolves <c>type x = expression;</c> in an interface that also declares <paramref name="declarations"/>.</summary>
    private static WitType TypeOf(string expression, string declarations = "")
    {
        var package = TestWit.ResolveValid($"package t:abi;\ninterface i {{\n{declarations}\ntype x = {expression};\n}}");
        return package.Interfaces[0].FindType("x")!;
    }

    private static WitFunction FunctionOf(string signature, string declarations = "")
    {
        var package = TestWit.ResolveValid($"package t:abi;\ninterface i {{\n{declarations}\nf: {signature};\n}}");
        return package.Interfaces[0].Functions.Single(f => f.Name == "f");
    }

    [Theory]
    [InlineData("bool", 1, 1, new[] { I32 })]
    [InlineData("s8", 1, 1, new[] { I32 })]
    [InlineData("u8", 1, 1, new[] { I32 })]
    [InlineData("s16", 2, 2, new[] { I32 })]
    [InlineData("u16", 2, 2, new[] { I32 })]
    [InlineData("s32", 4, 4, new[] { I32 })]
    [InlineData("u32", 4, 4, new[] { I32 })]
    [InlineData("s64", 8, 8, new[] { I64 })]
    [InlineData("u64", 8, 8, new[] { I64 })]
    [InlineData("f32", 4, 4, new[] { F32 })]
    [InlineData("f64", 8, 8, new[] { F64 })]
    [InlineData("char", 4, 4, new[] { I32 })]
    [InlineData("string", 8, 4, new[] { I32, I32 })]
    [InlineData("list<u64>", 8, 4, new[] { I32, I32 })]
    [InlineData("tuple<u8, u16, u8>", 6, 2, new[] { I32, I32, I32 })]
    [InlineData("tuple<u8, u64>", 16, 8, new[] { I32, I64 })]
    [InlineData("option<u8>", 2, 1, new[] { I32, I32 })]
    [InlineData("option<u64>", 16, 8, new[] { I32, I64 })]
    [InlineData("option<string>", 12, 4, new[] { I32, I32, I32 })]
    [InlineData("result", 1, 1, new[] { I32 })]
    [InlineData("result<_, string>", 12, 4, new[] { I32, I32, I32 })]
    [InlineData("result<u32, f32>", 8, 4, new[] { I32, I32 })]
    [InlineData("result<f32, f64>", 16, 8, new[] { I32, I64 })]
    [InlineData("result<f32, f32>", 8, 4, new[] { I32, F32 })]
    [InlineData("result<u64, string>", 16, 8, new[] { I32, I64, I32 })]
    [InlineData("result<f64, u32>", 16, 8, new[] { I32, I64 })]
    public void AnonymousTypes_HaveSpecLayout(string expression, int size, int alignment, WitCoreType[] flat)
    {
        var type = TypeOf(expression);
        Assert.Equal(size, CanonicalAbi.SizeOf(type));
        Assert.Equal(alignment, CanonicalAbi.AlignmentOf(type));
        Assert.Equal(flat, CanonicalAbi.Flatten(type));
    }

    [Fact]
    public void Record_FieldsAreAlignedAndSizeRoundedToAlignment()
    {
        var type = TypeOf("r", "record r { a: u8, b: u32, c: u16 }");
        Assert.Equal([0, 4, 8], CanonicalAbi.FieldOffsets(type));
        Assert.Equal(12, CanonicalAbi.SizeOf(type));
        Assert.Equal(4, CanonicalAbi.AlignmentOf(type));
        Assert.Equal([I32, I32, I32], CanonicalAbi.Flatten(type));
    }

    [Fact]
    public void NestedRecord_CombinesOptionAndResultLayouts()
    {
        // a: option<u8> = 2 bytes at 0; b: result<u64, string> = discriminant, payload at 8, 16 bytes, aligned 8.
        var type = TypeOf("r", "record r { a: option<u8>, b: result<u64, string> }");
        Assert.Equal([0, 8], CanonicalAbi.FieldOffsets(type));
        Assert.Equal(24, CanonicalAbi.SizeOf(type));
        Assert.Equal(8, CanonicalAbi.AlignmentOf(type));
        Assert.Equal([I32, I32, I32, I64, I32], CanonicalAbi.Flatten(type));
    }

    [Fact]
    public void Variant_JoinsPayloadsPositionally()
    {
        // a: [f32, i32], b: [f64] -> [join(f32, f64) = i64, i32] after the discriminant.
        var type = TypeOf("v", "variant v { a(tuple<f32, u32>), b(f64), c }");
        Assert.Equal([I32, I64, I32], CanonicalAbi.Flatten(type));
        Assert.Equal(8, CanonicalAbi.PayloadOffset(type));
        Assert.Equal(16, CanonicalAbi.SizeOf(type));
        Assert.Equal(1, CanonicalAbi.DiscriminantSize(type));
    }

    [Fact]
    public void Variant_I32AndF32JoinToI32()
    {
        var type = TypeOf("v", "variant v { a(f32), b(u32), c(u8) }");
        Assert.Equal([I32, I32], CanonicalAbi.Flatten(type));
        Assert.Equal(8, CanonicalAbi.SizeOf(type));
    }

    [Fact]
    public void Variant_WithStringPayload_PutsPayloadAfterAlignedDiscriminant()
    {
        var type = TypeOf("v", "variant v { a(string), b }");
        Assert.Equal(4, CanonicalAbi.PayloadOffset(type));
        Assert.Equal(12, CanonicalAbi.SizeOf(type));
        Assert.Equal([I32, I32, I32], CanonicalAbi.Flatten(type));
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(256, 1)]
    [InlineData(257, 2)]
    public void Enum_DiscriminantGrowsWithCaseCount(int cases, int size)
    {
        var names = string.Join(", ", Enumerable.Range(0, cases).Select(i => "c" + i));
        var type = TypeOf("e", $"enum e {{ {names} }}");
        Assert.Equal(size, CanonicalAbi.SizeOf(type));
        Assert.Equal(size, CanonicalAbi.AlignmentOf(type));
        Assert.Equal(size, CanonicalAbi.DiscriminantSize(type));
        Assert.Equal([I32], CanonicalAbi.Flatten(type));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 1)]
    [InlineData(9, 2)]
    [InlineData(16, 2)]
    [InlineData(17, 4)]
    [InlineData(32, 4)]
    public void Flags_UseSmallestIntegerThatFits(int count, int size)
    {
        var names = string.Join(", ", Enumerable.Range(0, count).Select(i => "f" + i));
        var type = TypeOf("f", $"flags f {{ {names} }}");
        Assert.Equal(size, CanonicalAbi.SizeOf(type));
        Assert.Equal(size, CanonicalAbi.AlignmentOf(type));
        Assert.Equal([I32], CanonicalAbi.Flatten(type));
    }

    [Fact]
    public void Handles_AreOneI32()
    {
        var function = FunctionOf("func(a: borrow<r>, b: r) -> own<r>", "resource r;");
        Assert.All(function.Parameters, p => Assert.Equal(4, CanonicalAbi.SizeOf(p.Type)));
        Assert.Equal([I32], CanonicalAbi.Flatten(function.Result!));
        Assert.Equal([I32, I32], CanonicalAbi.FlattenFunction(function, WitAbiDirection.Lower).Parameters);
    }

    [Fact]
    public void FieldOffsets_RejectsNonRecords()
    {
        Assert.Throws<ArgumentException>(() => CanonicalAbi.FieldOffsets(TypeOf("u32")));
        Assert.Throws<ArgumentException>(() => CanonicalAbi.PayloadOffset(TypeOf("string")));
    }

    [Fact]
    public void SmallSignature_IsPassedFlat()
    {
        var signature = CanonicalAbi.FlattenFunction(FunctionOf("func(a: u32, b: f64) -> u64"), WitAbiDirection.Lift);
        Assert.Equal([I32, F64], signature.Parameters);
        Assert.Equal([I64], signature.Results);
        Assert.False(signature.ParametersSpilled);
        Assert.False(signature.ResultsSpilled);
    }

    [Fact]
    public void SixteenFlatParameters_StayFlat_SeventeenSpillToOnePointer()
    {
        var sixteen = string.Join(", ", Enumerable.Range(0, 8).Select(i => $"p{i}: string"));
        var seventeen = string.Join(", ", Enumerable.Range(0, 17).Select(i => $"p{i}: u8"));
        var flat = CanonicalAbi.FlattenFunction(FunctionOf($"func({sixteen})"), WitAbiDirection.Lift);
        Assert.Equal(16, flat.Parameters.Count);
        Assert.False(flat.ParametersSpilled);
        var spilled = CanonicalAbi.FlattenFunction(FunctionOf($"func({seventeen})"), WitAbiDirection.Lift);
        Assert.Equal([I32], spilled.Parameters);
        Assert.True(spilled.ParametersSpilled);
    }

    [Fact]
    public void MultiValueResult_IsReturnedAsPointerWhenLifted()
    {
        var signature = CanonicalAbi.FlattenFunction(FunctionOf("func(a: u32) -> string"), WitAbiDirection.Lift);
        Assert.Equal([I32], signature.Parameters);
        Assert.Equal([I32], signature.Results);
        Assert.True(signature.ResultsSpilled);
        Assert.False(signature.ResultPointerIsParameter);
    }

    [Fact]
    public void MultiValueResult_IsWrittenThroughOutPointerWhenLowered()
    {
        var signature = CanonicalAbi.FlattenFunction(FunctionOf("func(a: u32) -> option<u8>"), WitAbiDirection.Lower);
        Assert.Equal([I32, I32], signature.Parameters);
        Assert.Empty(signature.Results);
        Assert.True(signature.ResultsSpilled);
        Assert.True(signature.ResultPointerIsParameter);
    }

    [Fact]
    public void SpilledParametersAndResults_WhenLowered_AreTwoPointers()
    {
        var seventeen = string.Join(", ", Enumerable.Range(0, 17).Select(i => $"p{i}: u32"));
        var signature = CanonicalAbi.FlattenFunction(FunctionOf($"func({seventeen}) -> tuple<u32, u32>"), WitAbiDirection.Lower);
        Assert.Equal([I32, I32], signature.Parameters);
        Assert.Empty(signature.Results);
        Assert.True(signature.ParametersSpilled);
    }

    [Fact]
    public void Method_FlattensItsSelfHandleFirst()
    {
        var package = TestWit.ResolveValid("package t:abi;\ninterface i {\nresource r { m: func(x: f32) -> bool; }\n}");
        var method = Assert.IsType<WitResourceType>(package.Interfaces[0].FindType("r")).Functions.Single();
        var signature = CanonicalAbi.FlattenFunction(method, WitAbiDirection.Lift);
        Assert.Equal([I32, F32], signature.Parameters);
        Assert.Equal([I32], signature.Results);
    }

    [Fact]
    public void PluginsWit_InitSignature()
    {
        var world = WitResolver.ResolvePath(Path.Combine(TestWit.RepositoryRoot(), "wit")).FindWorld("plugin", out _)!;
        var init = ((WitWorldFunctionItem)world.Exports.Single(e => e.Key == "init")).Function;
        // config: list<config-entry> -> 2 i32; result<plugin-metadata, plugin-error> flattens to more than one value.
        var lifted = CanonicalAbi.FlattenFunction(init, WitAbiDirection.Lift);
        Assert.Equal([I32, I32], lifted.Parameters);
        Assert.Equal([I32], lifted.Results);
        Assert.True(lifted.ResultsSpilled);
        // plugin-metadata is three strings/lists (24 bytes); plugin-error is a variant of strings (12 bytes).
        Assert.Equal(28, CanonicalAbi.SizeOf(init.Result!));
    }
}
