using System.Diagnostics;
using WitSharp.Wasm.Tests.Binary;

namespace WitSharp.Wasm.Tests.Runtime;

/// <summary>
/// Hostile modules all the way through: mutated modules that still validate are compiled, instantiated against stub
/// imports and every export is called under fuel. Only the engine's own exception types may come out, nothing may hang.
/// </summary>
public class RuntimeRobustnessTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan PerModuleBudget = TimeSpan.FromSeconds(5);

    private static readonly Engine s_engine = new(new EngineConfig
    {
        ConsumeFuel = true,
        MaxCallDepth = 2_000,
        DefaultLimits = new StoreLimits(MaxMemoryPages: 32, MaxTableElements: 10_000, MaxInstances: 4),
    });

    /// <summary>Valid seed modules with loops, recursion, memory and table traffic, imports of every kind and traps.</summary>
    private static byte[][] Seeds() =>
    [
        SampleModules.FeatureTour,
        SampleModules.ClangKernels,
        Wat.ToWasm("""
            (module
              (import "env" "f" (func $f (param i64 f32) (result f64)))
              (import "env" "t" (table 2 funcref))
              (import "env" "g" (global $g (mut i32)))
              (memory 1 3)
              (table $own 4 funcref)
              (type $ret (func (result i32)))
              (func $five (type $ret) (i32.const 5))
              (elem (table $own) (i32.const 0) func $five $five)
              (data (i32.const 16) "\01\02\03\04")
              (func (export "loop") (param i32) (result i32) (local $acc i32)
                (block $done (loop $next
                  (br_if $done (i32.eqz (local.get 0)))
                  (local.set $acc (i32.add (local.get $acc) (i32.load8_u (i32.and (local.get 0) (i32.const 31)))))
                  (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                  (br $next)))
                (local.get $acc))
              (func $rec (export "rec") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                  (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))))
              (func (export "indirect") (param i32) (result i32) (call_indirect $own (type $ret) (local.get 0)))
              (func (export "bulk") (param i32 i32 i32)
                (memory.fill (local.get 0) (local.get 1) (local.get 2))
                (memory.copy (local.get 1) (local.get 0) (local.get 2))
                (drop (memory.grow (local.get 2)))
                (table.fill $own (i32.const 0) (ref.null func) (local.get 2)))
              (func (export "mix") (param f64 i64) (result f64)
                (global.set $g (i32.wrap_i64 (local.get 1)))
                (f64.add (call $f (local.get 1) (f32.demote_f64 (local.get 0))) (f64.sqrt (local.get 0))))
              (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (func (export "trunc") (param f64) (result i64) (i64.trunc_f64_u (local.get 0))))
            """),
        Wat.ToWasm("""
            (module
              (import "env" "v" (func $v (param v128) (result v128)))
              (import "env" "g" (global $g (mut v128)))
              (memory 1)
              (func (export "lanes") (param i32 v128) (result v128) (local $acc v128)
                (block $done (loop $next
                  (br_if $done (i32.eqz (local.get 0)))
                  (local.set $acc (i16x8.add_sat_s (local.get $acc) (v128.load offset=3 align=1 (i32.and (local.get 0) (i32.const 255)))))
                  (v128.store16_lane 5 (local.get 0) (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (local.get $acc) (local.get 1)))
                  (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                  (br $next)))
                (global.set $g (local.get $acc))
                (call $v (i8x16.swizzle (local.get $acc) (v128.load32_zero (i32.const 65532)))))
              (func (export "floats") (param v128 v128) (result i32 v128)
                (i32x4.bitmask (f32x4.lt (local.get 0) (local.get 1)))
                (i32x4.trunc_sat_f32x4_u (f32x4.nearest (f32x4.min (local.get 0) (f32x4.div (local.get 0) (local.get 1))))))
              (func (export "narrow") (param v128 i32) (result i32)
                (i8x16.extract_lane_u 9 (i8x16.narrow_i16x8_u (i16x8.shr_s (local.get 0) (local.get 1)) (i16x8.q15mulr_sat_s (local.get 0) (local.get 0))))))
            """),
    ];

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void MutatedModulesRunOnlyIntoOwnExceptions(int seed)
    {
        var random = new Random(seed);
        var seeds = Seeds();
        int valid = 0, instantiated = 0, calls = 0;
        for (var i = 0; i < 1500; i++)
        {
            var mutated = Mutate(seeds[random.Next(seeds.Length)], random);
            var outcome = RunThroughEveryStage(mutated, $"seed {seed} iteration {i}", ref calls);
            valid += outcome >= Stage.Validated ? 1 : 0;
            instantiated += outcome >= Stage.Instantiated ? 1 : 0;
        }

        // The mutator must reach every stage often enough for the test to mean something.
        // (About a fifth of the mutants validate and nearly all of those instantiate.)
        Assert.InRange(valid, 150, 1500);
        Assert.InRange(instantiated, 150, 1500);
        Assert.InRange(calls, 400, int.MaxValue);
    }

    /// <summary>
    /// A longer campaign over outside seeds: every <c>.wasm</c> under <c>WASM_FUZZ_SEEDS_DIR</c> (e.g. the modules wast2json
    /// extracts from the WebAssembly spec testsuite; not committed), <c>WASM_FUZZ_ROUNDS</c> mutations each (default 20),
    /// seeded by <c>WASM_FUZZ_SEED</c> (default 1). Does nothing when the directory is not set.
    /// </summary>
    [Fact]
    public void ExternalSeedsRunOnlyIntoOwnExceptions()
    {
        var directory = Environment.GetEnvironmentVariable("WASM_FUZZ_SEEDS_DIR");
        if (string.IsNullOrEmpty(directory))
        {
            output.WriteLine("WASM_FUZZ_SEEDS_DIR is not set; the external campaign was not run");
            return;
        }

        var rounds = int.TryParse(Environment.GetEnvironmentVariable("WASM_FUZZ_ROUNDS"), out var r) ? r : 20;
        var random = new Random(int.TryParse(Environment.GetEnvironmentVariable("WASM_FUZZ_SEED"), out var s) ? s : 1);
        var files = Directory.GetFiles(directory, "*.wasm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        int mutants = 0, valid = 0, instantiated = 0, calls = 0;
        foreach (var file in files)
        {
            var seed = File.ReadAllBytes(file);
            if (seed.Length <= 8)
            {
                continue;
            }

            for (var i = 0; i < rounds; i++)
            {
                var outcome = RunThroughEveryStage(Mutate(seed, random), $"{Path.GetFileName(file)} mutant {i}", ref calls);
                mutants++;
                valid += outcome >= Stage.Validated ? 1 : 0;
                instantiated += outcome >= Stage.Instantiated ? 1 : 0;
            }
        }

        output.WriteLine($"{files.Length} seeds, {mutants} mutants: {valid} validated, {instantiated} instantiated, {calls} export calls, no foreign exception");
        Assert.True(mutants > 0, $"no .wasm seeds under {directory}");
    }

    [Fact]
    public void SeedsRunCleanly()
    {
        var calls = 0;
        foreach (var seed in Seeds())
        {
            Assert.Equal(Stage.Instantiated, RunThroughEveryStage(seed, "seed", ref calls));
        }

        Assert.InRange(calls, 10, 100);
    }

    private enum Stage
    {
        Rejected,
        Validated,
        Instantiated,
    }

    /// <summary>Decodes, validates, compiles, instantiates and calls; fails the test on a foreign exception or an overrun.</summary>
    private static Stage RunThroughEveryStage(byte[] binary, string description, ref int calls)
    {
        var watch = Stopwatch.StartNew();
        var stage = Stage.Rejected;
        try
        {
            var module = Module.FromBytes(s_engine, binary);
            stage = Stage.Validated;
            var store = new Store(s_engine) { DeadlineUtc = DateTime.UtcNow + PerModuleBudget };
            store.AddFuel(200_000);
            var instance = Instance.Create(store, module, module.Imports.Select(import => StubFor(import, store)).ToArray());
            stage = Stage.Instantiated;
            foreach (var function in instance.Exports.Values.OfType<Function>())
            {
                calls++;
                try
                {
                    function.Invoke(function.Type.ParameterArray.Select(Value.Default).ToArray());
                }
                catch (TrapException)
                {
                    // Traps are the expected outcome of many mutations; the store stays usable for the next export.
                }
            }
        }
        catch (WasmException)
        {
            // Rejection, a link failure or a trap during instantiation: all typed, all fine.
        }
        catch (Exception exception)
        {
            File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "witsharp-robustness-failure.wasm"), binary);
            Assert.Fail($"{description}: {exception.GetType().Name} escaped at stage {stage}: {exception}");
        }

        Assert.True(watch.Elapsed < PerModuleBudget + TimeSpan.FromSeconds(1), $"{description} took {watch.Elapsed}");
        return stage;
    }

    /// <summary>An import of exactly the wanted type: host functions returning zeros, fresh memories, tables and globals.</summary>
    private static Extern StubFor(ExternDescriptor import, Store store) => import.Kind switch
    {
        ExternalKind.Function => Function.FromCallback(import.FunctionType!, (_, results) =>
        {
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = Value.Default(import.FunctionType!.ResultArray[i]);
            }
        }),
        ExternalKind.Memory => new Memory(store, import.MemoryType),
        ExternalKind.Table => new Table(store, import.TableType, Value.Default(import.TableType.ElementType)),
        _ => new Global(import.GlobalType, Value.Default(import.GlobalType.ValueType)),
    };

    /// <summary>Small local edits (bit flips, byte swaps, opcode and immediate replacement) so a fair share still validates.</summary>
    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        var mutations = random.Next(1, 3);
        for (var m = 0; m < mutations; m++)
        {
            var position = random.Next(8, bytes.Length);
            switch (random.Next(4))
            {
                case 0:
                    bytes[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[position] = InterestingBytes[random.Next(InterestingBytes.Length)];
                    break;
                case 2:
                    var other = random.Next(8, bytes.Length);
                    (bytes[position], bytes[other]) = (bytes[other], bytes[position]);
                    break;
                default:
                    bytes[position] = (byte)random.Next(256);
                    break;
            }
        }

        return bytes;
    }

    /// <summary>Opcodes and immediates that change behaviour but often keep a body valid.</summary>
    private static readonly byte[] InterestingBytes =
    [
        0x00, 0x01, 0x0C, 0x0D, 0x1A, 0x45, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x71, 0x7F, 0x80, 0xFF, 0x40, 0x41, 0x20, 0x21, 0x28, 0x36,
    ];
}
