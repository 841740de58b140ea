using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// The hostile guest (Corpus/hostile.c) breaks the Canonical ABI on request. Each violation must surface as a clean
/// trap naming what was wrong, and neither the host nor another instance of the same component may be affected.
/// </summary>
public sealed class HostileGuestTests
{
    private static readonly Engine Engine = new();
    private static readonly Component Hostile = Component.FromBytes(Engine, TestFiles.Corpus("hostile.component.wasm"));

    private readonly List<string> log = [];
    private readonly ComponentInstance victim;
    private readonly ComponentInstance bystander;

    public HostileGuestTests()
    {
        var linker = new ComponentLinker(Engine);
        linker.DefineFunction(null, "log", options => new Action<int, int>((pointer, length) =>
            log.Add(CanonicalValues.LiftUtf8String(options.Memory, pointer, length))));
        victim = linker.Instantiate(new Store(Engine), Hostile);
        bystander = linker.Instantiate(new Store(Engine), Hostile);
    }

    [Fact]
    public void ValidString_Lifts() => Assert.Equal("fine", BadString(victim, 0));

    [Theory]
    [InlineData(1, "string (ptr=0xffffff00, len=4) is out of bounds of guest memory")]
    [InlineData(2, "len=2147483647) is out of bounds of guest memory")]
    [InlineData(3, "is not valid UTF-8 at byte offset 2")]
    public void BadStringResult_Traps(int mode, string expected)
    {
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => BadString(victim, mode));
        Assert.Contains(expected, trap.Message);
        AssertUnaffected();
    }

    [Fact]
    public void OutOfRangeOptionDiscriminant_Traps()
    {
        var function = victim.GetFunction(null, "bad-option");
        var result = function.GetCore<Func<int>>()();
        var trap = Assert.Throws<CanonicalAbiTrapException>(() =>
            CanonicalValues.CheckDiscriminant(function.Options.Memory.LoadU8(result), 2, "option<u32>"));
        Assert.Equal("discriminant 2 is out of range for option<u32> (2 cases)", trap.Message);
        AssertUnaffected();
    }

    [Fact]
    public void BoolTwo_LiftsAsTrue_AndSurrogateChar_Traps()
    {
        var boolean = victim.GetFunction(null, "bad-bool").GetCore<Func<int>>()();
        Assert.True(CanonicalValues.LiftBool(boolean));
        var character = victim.GetFunction(null, "bad-char").GetCore<Func<int>>()();
        Assert.Equal("char value 0xd800 is not a Unicode scalar value", Assert.Throws<CanonicalAbiTrapException>(() => CanonicalValues.LiftChar(character)).Message);
        AssertUnaffected();
    }

    [Fact]
    public void MisalignedList_Traps()
    {
        var function = victim.GetFunction(null, "bad-list");
        var memory = function.Options.Memory;
        var result = function.GetCore<Func<int>>()();
        var trap = Assert.Throws<CanonicalAbiTrapException>(() =>
            CanonicalValues.CheckList(memory, (int)memory.LoadU32(result), (int)memory.LoadU32(result + 4), 8, 8));
        Assert.Contains("is not aligned to 8 bytes", trap.Message);
        AssertUnaffected();
    }

    [Theory]
    [InlineData(1, "out of bounds of guest memory")]
    [InlineData(2, "is not valid UTF-8")]
    public void BadArgumentsToAHostImport_TrapTheGuestCall(int mode, string expected)
    {
        var logBad = victim.GetFunction(null, "log-bad").GetCore<Action<int>>();

        var trap = Assert.Throws<TrapException>(() => logBad(mode));

        Assert.Equal(TrapKind.HostFunctionFailed, trap.Kind);
        Assert.Contains(expected, Assert.IsType<CanonicalAbiTrapException>(trap.InnerException).Message);
        logBad(0);
        Assert.Equal(["fine"], log);
        AssertUnaffected();
    }

    [Theory]
    [InlineData(1, "cabi_realloc result (ptr=0xfffffff0, len=12) is out of bounds of guest memory")]
    [InlineData(2, "is not aligned to 4 bytes")]
    public void ReallocReturningABadPointer_Traps(int mode, string expected)
    {
        victim.GetFunction(null, "set-realloc-mode").GetCore<Action<int>>()(mode);

        var trap = Assert.Throws<CanonicalAbiTrapException>(() => Sum(victim, [1, 2, 3]));

        Assert.Contains(expected, trap.Message);
        AssertUnaffected();
    }

    [Fact]
    public void GuestTrap_IsATrapException_AndTheOtherInstanceKeepsWorking()
    {
        var trap = Assert.Throws<TrapException>(() => victim.GetFunction(null, "crash").GetCore<Action>()());
        Assert.Equal(TrapKind.Unreachable, trap.Kind);
        AssertUnaffected();
    }

    private void AssertUnaffected()
    {
        Assert.Equal("fine", BadString(bystander, 0));
        Assert.Equal(60u, Sum(bystander, [10, 20, 30]));
    }

    private static string BadString(ComponentInstance instance, int mode)
    {
        var function = instance.GetFunction(null, "bad-string");
        var memory = function.Options.Memory;
        var result = function.GetCore<Func<int, int>>()(mode);
        return CanonicalValues.LiftUtf8String(memory, (int)memory.LoadU32(result), (int)memory.LoadU32(result + 4));
    }

    private static uint Sum(ComponentInstance instance, uint[] values)
    {
        var function = instance.GetFunction(null, "sum");
        var options = function.Options;
        var pointer = options.Realloc(0, 0, 4, values.Length * 4);
        for (var i = 0; i < values.Length; i++)
        {
            options.Memory.StoreU32(pointer + (4 * i), values[i]);
        }

        return (uint)function.GetCore<Func<int, int, int>>()(pointer, values.Length);
    }
}
