using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;
using static WitSharp.HostRuntime.Tests.Components.HostileWorld;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// The hostile guest (Corpus/hostile.c) breaks the Canonical ABI on request; it is driven through the bindings
/// generated from Corpus/hostile.wit, so the checks under test are the ones every generated host runs. Each violation
/// must surface as a clean trap naming what was wrong, and neither the host nor another instance of the same component
/// may be affected.
/// </summary>
public sealed class HostileGuestTests
{
    private static readonly Engine Engine = new();
    private static readonly Component Hostile = Component.FromBytes(Engine, TestFiles.Corpus("hostile.component.wasm"));

    private readonly Host host = new();
    private readonly Exports victim;
    private readonly Exports bystander;

    public HostileGuestTests()
    {
        var linker = new ComponentLinker(Engine);
        RegisterImports(linker, host);
        victim = new Exports(linker.Instantiate(new Store(Engine), Hostile));
        bystander = new Exports(linker.Instantiate(new Store(Engine), Hostile));
    }

    [Fact]
    public void ValidString_Lifts() => Assert.Equal("fine", victim.BadString(0));

    [Theory]
    [InlineData(1, "string (ptr=0xffffff00, len=4) is out of bounds of guest memory")]
    [InlineData(2, "len=2147483647) is longer than the Canonical ABI's limit of 268435455 bytes")]
    [InlineData(3, "is not valid UTF-8 at byte offset 2")]
    public void BadStringResult_Traps(uint mode, string expected)
    {
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => victim.BadString(mode));
        Assert.Contains(expected, trap.Message);
        AssertUnaffected();
    }

    [Fact]
    public void OutOfRangeOptionDiscriminant_Traps()
    {
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => victim.BadOption());
        Assert.Equal("discriminant 2 is out of range for option<u32> (2 cases)", trap.Message);
        AssertUnaffected();
    }

    [Fact]
    public void BoolTwo_LiftsAsTrue_AndSurrogateChar_Traps()
    {
        Assert.True(victim.BadBool());
        Assert.Equal("char value 0xd800 is not a Unicode scalar value", Assert.Throws<CanonicalAbiTrapException>(() => victim.BadChar()).Message);
        AssertUnaffected();
    }

    [Fact]
    public void MisalignedList_Traps()
    {
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => victim.BadList());
        Assert.Matches(@"^list \(ptr=0x[0-9a-f]+\) is not aligned to 8 bytes$", trap.Message);
        AssertUnaffected();
    }

    [Theory]
    [InlineData(1, "string (ptr=0xffffff00, len=16) is out of bounds of guest memory")]
    [InlineData(2, "is not valid UTF-8 at byte offset 2")]
    public void BadArgumentsToAHostImport_TrapTheGuestCall(uint mode, string expected)
    {
        var trap = AssertImportFailed(() => victim.LogBad(mode), expected);
        Assert.Empty(host.Messages);

        // The trapped instance is poisoned: even a good call is refused, naming the trap, and never reaches the host.
        var refused = Assert.Throws<CanonicalAbiTrapException>(() => victim.LogBad(0));
        Assert.Same(trap, refused.InnerException);
        Assert.Empty(host.Messages);
        AssertUnaffected();
    }

    [Theory]
    [InlineData(1, "cabi_realloc result (ptr=0xfffffff0, len=12) is out of bounds of guest memory")]
    [InlineData(2, "is not aligned to 4 bytes")]
    public void ReallocReturningABadPointer_Traps(uint mode, string expected)
    {
        victim.SetReallocMode(mode);

        var trap = Assert.Throws<CanonicalAbiTrapException>(() => victim.Sum([1, 2, 3]));

        Assert.Contains(expected, trap.Message);
        AssertUnaffected();
    }

    /// <summary>CanonicalABI.md clears may_leave while realloc runs: a lowered import called then traps (canon_lower).</summary>
    [Fact]
    public void ImportCalledFromRealloc_Traps_WithoutReachingTheHost()
    {
        victim.SetReallocMode(3);

        var trap = Assert.Throws<TrapException>(() => victim.Sum([1, 2, 3]));

        Assert.Equal(TrapKind.HostFunctionFailed, trap.Kind);
        Assert.Equal(
            "the component called an import while its cabi_realloc or post-return function was running, which the Canonical ABI forbids (may_leave)",
            Assert.IsType<CanonicalAbiTrapException>(trap.InnerException).Message);
        Assert.Empty(host.Messages);
        Assert.Throws<CanonicalAbiTrapException>(() => victim.BadString(0));
        AssertUnaffected();
    }

    /// <summary>The same holds while post-return runs (canon_lift clears may_leave around it).</summary>
    [Fact]
    public void ImportCalledFromPostReturn_Traps_WithoutReachingTheHost()
    {
        AssertImportFailed(() => victim.LogInPostReturn(), "(may_leave)");
        Assert.Empty(host.Messages);
        AssertUnaffected();
    }

    [Fact]
    public void GuestTrap_IsATrapException_AndTheOtherInstanceKeepsWorking()
    {
        var trap = Assert.Throws<TrapException>(() => victim.Crash());
        Assert.Equal(TrapKind.Unreachable, trap.Kind);
        AssertUnaffected();
    }

    // The Canonical ABI lets list elements share memory; copying them out must stay bounded by what the memory holds.
    private const uint MiB = 1 << 20;

    [Fact]
    public void AliasedStrings_WithinTheMemoryAndSlack_Lift()
    {
        var strings = victim.AliasedStrings(12, MiB);

        Assert.Equal(12, strings.Count);
        Assert.All(strings, s => Assert.Equal(new string('a', (int)MiB), s));
    }

    [Fact]
    public void AliasedStringsFarBeyondTheMemory_TrapBeforeTheHostCopiesThemAll()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        var trap = Assert.Throws<CanonicalAbiTrapException>(() => victim.AliasedStrings(4_000, MiB));

        Assert.Contains("the component points many strings or lists at the same memory", trap.Message);
        // 4,000 lifted copies would take 8 GB; the trap comes after about 17 of them.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 100L * MiB, "the host copied out more than the budget");
        AssertUnaffected();
    }

    [Fact]
    public void AliasedStringsFarBeyondTheMemory_InAnImportsArguments_TrapTheGuestCall()
    {
        AssertImportFailed(() => victim.SendAliasedStrings(4_000, MiB), "the component points many strings or lists at the same memory");
        Assert.Empty(host.Received);
        AssertUnaffected();
    }

    [Fact]
    public void EachLiftHasItsOwnBudget_TheImportsArgumentsAndTheResultsOfOneCall_AndConsecutiveCalls()
    {
        // 12 MiB each: an import's arguments and the call's results together, or two calls together, would exceed the budget.
        Assert.Equal(12, victim.SendAliasedStrings(12, MiB).Count);
        Assert.Equal(12, victim.SendAliasedStrings(12, MiB).Count);

        Assert.Equal([12, 12], host.Received);
    }

    /// <summary>The call traps because a contract check failed inside an import the guest called; returns that trap.</summary>
    private static TrapException AssertImportFailed(Action call, string message)
    {
        var trap = Assert.Throws<TrapException>(call);
        Assert.Equal(TrapKind.HostFunctionFailed, trap.Kind);
        Assert.Contains(message, Assert.IsType<CanonicalAbiTrapException>(trap.InnerException).Message);
        return trap;
    }

    private void AssertUnaffected()
    {
        Assert.Equal("fine", bystander.BadString(0));
        Assert.Equal(60u, bystander.Sum([10, 20, 30]));
    }

    private sealed class Host : IImports
    {
        public List<string> Messages { get; } = [];

        public List<int> Received { get; } = [];

        public void Log(string message) => Messages.Add(message);

        public void TakeStrings(IReadOnlyList<string> values) => Received.Add(values.Count);
    }
}
