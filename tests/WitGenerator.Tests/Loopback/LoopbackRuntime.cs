using System.Linq.Expressions;
using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.Wasm;

namespace WitSharp.WitGenerator.Tests.Loopback;

/// <summary>Guest memory backed by a byte array.</summary>
internal sealed class ArrayMemory(int size) : GuestMemory
{
    private readonly byte[] bytes = new byte[size];

    public override Span<byte> Bytes => bytes;
}

/// <summary>
/// A component runtime without a guest: each export is served by the import lowering of the same name, over one fake
/// memory with a bump <c>cabi_realloc</c>. An export call therefore lowers the arguments (export side), lifts them (import
/// side), calls the host implementation, lowers its result (import side) and lifts it again (export side).
/// </summary>
internal sealed class LoopbackRuntime : IComponentImports, IComponentExports
{
    private readonly Dictionary<(string?, string), ImportLowering> lowerings = [];
    private int next = 16;

    public LoopbackRuntime(StringEncoding encoding = StringEncoding.Utf8, int memorySize = 1 << 20)
    {
        Memory = new ArrayMemory(memorySize);
        Options = new CanonicalOptions(Memory, Realloc, encoding, new ResourceTables());
    }

    public ArrayMemory Memory { get; }

    public CanonicalOptions Options { get; }

    /// <summary>The guard of the one "instance" the loopback plays.</summary>
    public InstanceGuard Guard { get; } = new();

    public int PostReturnCalls { get; private set; }

    /// <summary>Exports whose core function a test replaces (to play a misbehaving guest).</summary>
    public Dictionary<string, Delegate> GuestOverrides { get; } = [];

    public Dictionary<(string, string), Action<int>> Destructors { get; } = [];

    public void DefineFunction(string? instanceName, string functionName, ImportLowering lowering) =>
        lowerings.Add((instanceName, functionName), lowering);

    public void DefineResourceDestructor(string instanceName, string resourceName, Action<int> destructor) =>
        Destructors.Add((instanceName, resourceName), destructor);

    public LiftedFunction GetFunction(string? instanceName, string functionName) =>
        new LoopbackFunction(this, functionName, lowerings[(instanceName, functionName)](Options));

    /// <summary>The loopback world defines no resources of its own, so there is nothing to drop.</summary>
    public void DropResource(string resourceKey, int representation) =>
        throw new NotSupportedException("the loopback runtime defines no resources; cannot drop " + resourceKey + " " + representation);

    /// <summary>The core function a guest would import, as the generated lowering builds it.</summary>
    public TDelegate Import<TDelegate>(string? instanceName, string functionName) where TDelegate : Delegate =>
        (TDelegate)lowerings[(instanceName, functionName)](Options);

    public int Allocate(int alignment, int size) => Realloc(0, 0, alignment, size);

    private int Realloc(int originalPointer, int originalSize, int alignment, int newSize)
    {
        next = (next + alignment - 1) & -alignment;
        var pointer = next;
        next += newSize;
        if (next > Memory.Bytes.Length)
        {
            throw new InvalidOperationException("the loopback memory is full");
        }

        return pointer;
    }

    private int AllocateResults() => Allocate(8, 256);

    private void CountPostReturn() => PostReturnCalls++;

    private sealed class LoopbackFunction(LoopbackRuntime runtime, string name, Delegate lowered) : LiftedFunction(runtime.Options, runtime.Guard)
    {
        public override TDelegate GetCore<TDelegate>()
        {
            if (runtime.GuestOverrides.TryGetValue(name, out var guest))
            {
                return (TDelegate)guest;
            }

            if (lowered is TDelegate same)
            {
                return same;
            }

            // Spilled results: the lowered import writes through a trailing result pointer, the lifted export returns one.
            var parameters = typeof(TDelegate).GetMethod("Invoke")!.GetParameters().Select(p => Expression.Parameter(p.ParameterType)).ToArray();
            var resultPointer = Expression.Variable(typeof(int));
            var body = Expression.Block(
                [resultPointer],
                Expression.Assign(resultPointer, Expression.Call(Expression.Constant(runtime), nameof(AllocateResults), null)),
                Expression.Invoke(Expression.Constant(lowered, lowered.GetType()), parameters.Append<Expression>(resultPointer)),
                resultPointer);
            return Expression.Lambda<TDelegate>(body, parameters).Compile();
        }

        // Number-only exports call through a typed handle: here one over a host function, which takes the handle's tracked path.
        public override THandle GetTypedCore<THandle>() =>
            Function.FromDelegate(runtime.GuestOverrides.TryGetValue(name, out var guest) ? guest : lowered).AsTyped<THandle>();

        public override TDelegate? GetPostReturn<TDelegate>() where TDelegate : class
        {
            var parameters = typeof(TDelegate).GetMethod("Invoke")!.GetParameters().Select(p => Expression.Parameter(p.ParameterType)).ToArray();
            return Expression.Lambda<TDelegate>(Expression.Call(Expression.Constant(runtime), nameof(CountPostReturn), null), parameters).Compile();
        }
    }
}
