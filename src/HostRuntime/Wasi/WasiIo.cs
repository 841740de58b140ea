using Microsoft.Win32.SafeHandles;
using WitSharp.HostRuntime.CanonicalAbi;

namespace WitSharp.HostRuntime.Wasi;

/// <summary>An <c>error</c> resource of <c>wasi:io/error</c>; <see cref="Code"/> is set when a filesystem operation failed.</summary>
internal sealed record WasiIoError(string Message, FilesystemErrorCode? Code);

/// <summary>A failed stream operation: the stream is closed, or the last operation failed with an error.</summary>
internal sealed class StreamFailedException(WasiIoError? error) : Exception(error?.Message ?? "closed")
{
    public WasiIoError? Error { get; } = error;
}

internal abstract class WasiInputStream
{
    /// <summary>Reads up to <paramref name="maximum"/> bytes; an empty array means none available yet.</summary>
    /// <exception cref="StreamFailedException">At end of stream (closed) or on failure.</exception>
    public abstract byte[] Read(int maximum);
}

/// <summary>stdin: always at its end.</summary>
internal sealed class EmptyInputStream : WasiInputStream
{
    public override byte[] Read(int maximum) => throw new StreamFailedException(null);
}

/// <summary>A file read from an offset on; the handle belongs to the descriptor it came from.</summary>
internal sealed class FileInputStream(SafeFileHandle handle, long position) : WasiInputStream
{
    public override byte[] Read(int maximum)
    {
        var buffer = new byte[Math.Min(maximum, 1 << 20)];
        int read;
        try
        {
            read = RandomAccess.Read(handle, buffer, position);
        }
        catch (IOException exception)
        {
            throw new StreamFailedException(new WasiIoError(exception.Message, FilesystemErrorCode.Io));
        }
        catch (ObjectDisposedException)
        {
            // A child resource must not outlive its parent; WASI hosts trap on this misuse.
            throw new CanonicalAbiTrapException("an input-stream was read after the descriptor it came from was dropped");
        }

        if (read == 0 && buffer.Length > 0)
        {
            throw new StreamFailedException(null);
        }

        position += read;
        return buffer[..read];
    }
}

internal abstract class WasiPollable
{
    public abstract bool IsReady { get; }

    /// <summary>Monotonic-clock nanoseconds at which this becomes ready, or null when it never changes by waiting.</summary>
    public virtual ulong? Deadline => null;
}

/// <summary>Streams of this host never block: their pollables are ready at once.</summary>
internal sealed class ReadyPollable : WasiPollable
{
    public override bool IsReady => true;
}

internal sealed class TimerPollable(ulong deadline) : WasiPollable
{
    public override bool IsReady => WasiClocks.MonotonicNow() >= deadline;

    public override ulong? Deadline => deadline;
}

/// <summary><c>wasi:io/error</c>, <c>wasi:io/poll</c> and <c>wasi:io/streams</c>.</summary>
internal static class WasiIo
{
    /// <summary>How many bytes <c>check-write</c> permits; the log sinks accept any amount.</summary>
    private const long WritePermit = 64 * 1024;

    public static void DefineError(WasiState state, IComponentImports imports, string instance)
    {
        imports.DefineFunction(instance, "[method]error.to-debug-string", o => (Action<int, int>)((self, ret) =>
            WasiState.StoreString(o, ret, state.Get<WasiIoError>(o, WasiResource.IoError, self).Message)));
    }

    public static void DefinePoll(WasiState state, IComponentImports imports, string instance)
    {
        imports.DefineFunction(instance, "[method]pollable.ready", o => (Func<int, int>)(self =>
            state.Get<WasiPollable>(o, WasiResource.Pollable, self).IsReady ? 1 : 0));
        imports.DefineFunction(instance, "[method]pollable.block", o => (Action<int>)(self =>
            Wait([state.Get<WasiPollable>(o, WasiResource.Pollable, self)], state.Configuration.Cancellation)));
        imports.DefineFunction(instance, "poll", o => (Action<int, int, int>)((pointer, count, ret) =>
        {
            if (count == 0)
            {
                throw new CanonicalAbiTrapException("wasi:io/poll.poll was called with an empty list");
            }

            CanonicalValues.CheckList(o.Memory, pointer, count, 4, 4);
            var pollables = new WasiPollable[count];
            for (var i = 0; i < count; i++)
            {
                pollables[i] = state.Get<WasiPollable>(o, WasiResource.Pollable, (int)o.Memory.LoadU32(pointer + (4 * i)));
            }

            var ready = Wait(pollables, state.Configuration.Cancellation);
            var list = WasiState.AllocateList(o, ready.Count, 4, 4);
            for (var i = 0; i < ready.Count; i++)
            {
                o.Memory.StoreU32(list + (4 * i), (uint)ready[i]);
            }

            o.Memory.StoreU32(ret, (uint)list);
            o.Memory.StoreU32(ret + 4, (uint)ready.Count);
        }));
    }

    /// <summary>Blocks until at least one pollable is ready; returns the indexes of the ready ones.</summary>
    /// <exception cref="OperationCanceledException">The host cancelled the wait (the guest's call traps).</exception>
    private static List<int> Wait(IReadOnlyList<WasiPollable> pollables, CancellationToken cancellation)
    {
        while (true)
        {
            var ready = new List<int>();
            ulong? earliest = null;
            for (var i = 0; i < pollables.Count; i++)
            {
                if (pollables[i].IsReady)
                {
                    ready.Add(i);
                }
                else if (pollables[i].Deadline is { } deadline && (earliest is null || deadline < earliest))
                {
                    earliest = deadline;
                }
            }

            if (ready.Count > 0)
            {
                return ready;
            }

            // Every pollable of this host is either ready or a timer, so there is always a deadline here.
            // Waits in slices of at most a second so that very long timers need no special range handling.
            var waitNanoseconds = earliest!.Value - Math.Min(earliest.Value, WasiClocks.MonotonicNow());
            cancellation.WaitHandle.WaitOne(TimeSpan.FromTicks((long)Math.Min((waitNanoseconds / 100) + 1, (ulong)TimeSpan.TicksPerSecond)));
            cancellation.ThrowIfCancellationRequested();
        }
    }

    public static void DefineStreams(WasiState state, IComponentImports imports, string instance)
    {
        WasiInputStream Input(CanonicalOptions o, int self) => state.Get<WasiInputStream>(o, WasiResource.InputStream, self);
        LogOutputStream Output(CanonicalOptions o, int self) => state.Get<LogOutputStream>(o, WasiResource.OutputStream, self);

        foreach (var name in new[] { "read", "blocking-read" })
        {
            imports.DefineFunction(instance, $"[method]input-stream.{name}", o => (Action<int, long, int>)((self, length, ret) =>
            {
                try
                {
                    var bytes = Input(o, self).Read((int)Math.Min((ulong)length, int.MaxValue));
                    o.Memory.StoreU8(ret, 0);
                    WasiState.StoreBytes(o, ret + 4, bytes);
                }
                catch (StreamFailedException failure)
                {
                    StoreStreamError(state, o, ret, 4, failure.Error);
                }
            }));
        }

        foreach (var name in new[] { "skip", "blocking-skip" })
        {
            imports.DefineFunction(instance, $"[method]input-stream.{name}", o => (Action<int, long, int>)((self, length, ret) =>
            {
                try
                {
                    var skipped = Input(o, self).Read((int)Math.Min((ulong)length, int.MaxValue)).Length;
                    o.Memory.StoreU8(ret, 0);
                    o.Memory.StoreU64(ret + 8, (ulong)skipped);
                }
                catch (StreamFailedException failure)
                {
                    StoreStreamError(state, o, ret, 8, failure.Error);
                }
            }));
        }

        imports.DefineFunction(instance, "[method]input-stream.subscribe", o => (Func<int, int>)(self =>
        {
            Input(o, self);
            return state.Own(o, WasiResource.Pollable, new ReadyPollable());
        }));

        imports.DefineFunction(instance, "[method]output-stream.check-write", o => (Action<int, int>)((self, ret) =>
        {
            Output(o, self);
            o.Memory.StoreU8(ret, 0);
            o.Memory.StoreU64(ret + 8, WritePermit);
        }));
        foreach (var name in new[] { "write", "blocking-write-and-flush" })
        {
            imports.DefineFunction(instance, $"[method]output-stream.{name}", o => (Action<int, int, int, int>)((self, pointer, length, ret) =>
            {
                Output(o, self).Write(o.Memory.Region("list", pointer, (uint)length, 1));
                o.Memory.StoreU8(ret, 0);
            }));
        }

        foreach (var name in new[] { "flush", "blocking-flush" })
        {
            imports.DefineFunction(instance, $"[method]output-stream.{name}", o => (Action<int, int>)((self, ret) =>
            {
                Output(o, self);
                o.Memory.StoreU8(ret, 0);
            }));
        }

        foreach (var name in new[] { "write-zeroes", "blocking-write-zeroes-and-flush" })
        {
            imports.DefineFunction(instance, $"[method]output-stream.{name}", o => (Action<int, long, int>)((self, length, ret) =>
            {
                Output(o, self).Write(new byte[(int)Math.Min((ulong)length, WritePermit)]);
                o.Memory.StoreU8(ret, 0);
            }));
        }

        foreach (var name in new[] { "splice", "blocking-splice" })
        {
            imports.DefineFunction(instance, $"[method]output-stream.{name}", o => (Action<int, int, long, int>)((self, source, length, ret) =>
            {
                var output = Output(o, self);
                try
                {
                    var bytes = Input(o, source).Read((int)Math.Min((ulong)length, (ulong)WritePermit));
                    output.Write(bytes);
                    o.Memory.StoreU8(ret, 0);
                    o.Memory.StoreU64(ret + 8, (ulong)bytes.Length);
                }
                catch (StreamFailedException failure)
                {
                    StoreStreamError(state, o, ret, 8, failure.Error);
                }
            }));
        }

        imports.DefineFunction(instance, "[method]output-stream.subscribe", o => (Func<int, int>)(self =>
        {
            Output(o, self);
            return state.Own(o, WasiResource.Pollable, new ReadyPollable());
        }));
    }

    /// <summary>Stores <c>err(stream-error)</c> into a result whose payload starts at <paramref name="payloadOffset"/>.</summary>
    private static void StoreStreamError(WasiState state, CanonicalOptions o, int ret, int payloadOffset, WasiIoError? error)
    {
        o.Memory.StoreU8(ret, 1);
        if (error is null)
        {
            o.Memory.StoreU8(ret + payloadOffset, 1); // closed
            return;
        }

        o.Memory.StoreU8(ret + payloadOffset, 0); // last-operation-failed(own<error>)
        o.Memory.StoreU32(ret + payloadOffset + 4, (uint)state.Own(o, WasiResource.IoError, error));
    }
}
