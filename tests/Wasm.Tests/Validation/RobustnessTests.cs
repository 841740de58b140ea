using System.Diagnostics;
using WitSharp.Wasm.Tests.Binary;
using static WitSharp.Wasm.Tests.Binary.ModuleBytes;

namespace WitSharp.Wasm.Tests.Validation;

/// <summary>Hostile input: mutated and garbage modules must be rejected with our own exception types, quickly.</summary>
public class RobustnessTests
{
    private static readonly TimeSpan PerInputBudget = TimeSpan.FromSeconds(2);

    private static IEnumerable<byte[]> Seeds()
    {
        yield return SampleModules.FeatureTour;
        yield return SampleModules.ClangKernels;
        yield return SingleFunction([I32, I32], [I32], [0x20, 0x00, 0x20, 0x01, 0x6A]);
        yield return Module(
            TypeSection(FuncType([], [I32]), FuncType([I32, I32], [I32])), FunctionSection(0), MemorySection(1, 2),
            Section(6, Vec([I64, 0x01, 0x42, 0x7F, End])), ExportSection(Export("f", 0, 0)), Section(12, U32(1)),
            CodeSection(Body([0x41, 0x01, 0x41, 0x02, 0x02, 0x01, 0x6A, End, 0xFC, 0x09, 0x00])),
            Section(11, Vec([0x01, 0x02, 0x61, 0x62])));
    }

    /// <summary>Decodes and validates; returns the rejection (if any). Anything other than our own types fails the test.</summary>
    private static ModuleLoadException? DecodeAndValidate(byte[] binary, string description)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            Load(binary);
            return null;
        }
        catch (ModuleLoadException e)
        {
            return e;
        }
        catch (Exception e)
        {
            Assert.Fail($"{description}: {e.GetType().Name} escaped: {e}");
            throw;
        }
        finally
        {
            Assert.True(watch.Elapsed < PerInputBudget, $"{description} took {watch.Elapsed}");
        }
    }

    [Fact]
    public void SeedsAreValid()
    {
        foreach (var seed in Seeds())
        {
            Assert.Null(DecodeAndValidate(seed, "seed"));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MutatedModulesOnlyRaiseModuleErrors(int seed)
    {
        var random = new Random(seed);
        var seeds = Seeds().ToArray();
        var rejected = 0;
        const int iterations = 3000;
        for (var i = 0; i < iterations; i++)
        {
            var original = seeds[random.Next(seeds.Length)];
            var mutated = Mutate(original, random);
            if (DecodeAndValidate(mutated, $"seed {seed} iteration {i}") is not null)
            {
                rejected++;
            }
        }
        // Most mutations break something; if none were rejected the mutator would be broken.
        Assert.InRange(rejected, iterations / 4, iterations);
    }

    [Fact]
    public void RandomGarbageAfterTheHeaderIsRejectedCleanly()
    {
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var garbage = new byte[random.Next(0, 300)];
            random.NextBytes(garbage);
            DecodeAndValidate([.. Header, .. garbage], $"garbage {i}");
        }
    }

    [Fact]
    public void EveryTruncationInsideASectionIsMalformed()
    {
        var tour = SampleModules.FeatureTour;
        var boundaries = SectionBoundaries(tour);
        for (var length = 0; length < tour.Length; length++)
        {
            var error = DecodeAndValidate(tour[..length], $"truncated to {length}");
            if (!boundaries.Contains(length))
            {
                Assert.IsType<MalformedModuleException>(error);
            }
        }
    }

    /// <summary>Offsets where a section ends (and the header ends): cutting there leaves a well-formed prefix.</summary>
    private static HashSet<int> SectionBoundaries(byte[] binary)
    {
        var boundaries = new HashSet<int> { Header.Length };
        var reader = new WasmReader(binary, 0, "unexpected end", null) { Position = Header.Length };
        while (!reader.AtEnd)
        {
            reader.ReadByte();
            var size = (int)reader.ReadVarUInt32();
            reader.Position += size;
            boundaries.Add(reader.Position);
        }
        return boundaries;
    }

    [Fact]
    public void LargeModuleDecodesAndValidatesInLinearTime()
    {
        // About 1 MiB: 16k functions with a 60-byte arithmetic body each.
        byte[] unit = [0x20, 0x00, 0x20, 0x01, 0x6A, 0x41, 0x07, 0x6C, 0x21, 0x00];
        var instructions = Concat([.. Enumerable.Repeat(unit, 6)]);
        const int functionCount = 16_000;
        var body = Body([.. instructions, 0x20, 0x00]);
        var binary = Module(
            TypeSection(FuncType([I32, I32], [I32])),
            FunctionSection([.. Enumerable.Repeat(0u, functionCount)]),
            CodeSection([.. Enumerable.Repeat(body, functionCount)]));
        Assert.InRange(binary.Length, 1_000_000, 1_200_000);
        var watch = Stopwatch.StartNew();
        var module = Load(binary);
        watch.Stop();
        Assert.Equal(functionCount, module.Code.Length);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"1 MiB module took {watch.Elapsed}");
    }

    [Fact]
    public void WideBrTablesOverManyResultsStayLinear()
    {
        // A function with 1000 results whose body is: unreachable; br_table with 200k targets, all to the function label.
        const int targetCount = 200_000;
        byte[] code = [0x00, 0x41, 0x00, 0x0E, .. U32(targetCount), .. new byte[targetCount], 0x00];
        var binary = SingleFunction([], [.. Enumerable.Repeat(I32, DecoderLimits.MaxResults)], code);
        var watch = Stopwatch.StartNew();
        Load(binary);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void ChainedCallsWithWideSignaturesStayFast()
    {
        // Type 0: 1000 x i32 -> 1000 x i32. Function 0 pushes 1000 constants, then calls itself 300k times in a row.
        const int callCount = 300_000;
        var wide = Enumerable.Repeat(I32, DecoderLimits.MaxParameters).ToArray();
        byte[] code =
        [
            .. Enumerable.Repeat<byte[]>([0x41, 0x00], DecoderLimits.MaxParameters).SelectMany(b => b),
            .. Enumerable.Repeat<byte[]>([0x10, 0x00], callCount).SelectMany(b => b),
            0x0F,
        ];
        var binary = Module(TypeSection(FuncType(wide, wide)), FunctionSection(0), CodeSection(Body(code)));
        var watch = Stopwatch.StartNew();
        Load(binary);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void BranchesInUnreachableCodeDoNotMaterialiseUnknownValues()
    {
        // A function with 1000 results whose body is unreachable followed by 400k br 0 (each pops 1000 unknown values).
        const int branchCount = 400_000;
        byte[] code = [0x00, .. Enumerable.Repeat<byte[]>([0x0C, 0x00], branchCount).SelectMany(b => b)];
        var binary = SingleFunction([], [.. Enumerable.Repeat(I32, DecoderLimits.MaxResults)], code);
        var watch = Stopwatch.StartNew();
        Load(binary);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void DeclaredLocalsCostNothingUntilExpanded()
    {
        // 20k functions each declaring the maximum 50k locals in 7 bytes: expanded eagerly this would be 1 GB.
        const int functionCount = 20_000;
        var body = Body([], ((uint)DecoderLimits.MaxLocals, I64));
        var binary = Module(
            TypeSection(FuncType([], [])),
            FunctionSection([.. Enumerable.Repeat(0u, functionCount)]),
            CodeSection([.. Enumerable.Repeat(body, functionCount)]));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var module = Load(binary);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(DecoderLimits.MaxLocals, module.Code[^1].LocalCount);
        Assert.InRange(allocated, 0, 64L * 1024 * 1024);
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && bytes.Count > 8; m++)
        {
            var position = random.Next(8, bytes.Count);
            switch (random.Next(7))
            {
                case 0: // flip one bit
                    bytes[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1: // replace with a random or boundary byte
                    bytes[position] = random.Next(2) == 0 ? (byte)random.Next(256) : new byte[] { 0x00, 0x7F, 0x80, 0xFF, 0x0B, 0x40 }[random.Next(6)];
                    break;
                case 2: // truncate
                    bytes.RemoveRange(position, bytes.Count - position);
                    break;
                case 3: // stretch a LEB128 byte into an overlong (or too long) encoding
                    bytes[position] |= 0x80;
                    bytes.InsertRange(position + 1, Enumerable.Repeat((byte)0x80, random.Next(0, 6)).Append((byte)0x00));
                    break;
                case 4: // insert random bytes
                    var insert = new byte[random.Next(1, 8)];
                    random.NextBytes(insert);
                    bytes.InsertRange(position, insert);
                    break;
                case 5: // delete a run
                    bytes.RemoveRange(position, Math.Min(random.Next(1, 8), bytes.Count - position));
                    break;
                default: // duplicate a slice
                    var length = Math.Min(random.Next(1, 32), bytes.Count - position);
                    bytes.InsertRange(position, bytes.GetRange(position, length));
                    break;
            }
        }
        return [.. bytes];
    }
}
