using System.Threading.Channels;

namespace WitSharp.HostRuntime.Plugins.Hosting;

/// <summary>
/// Runs one plugin's calls one at a time on a thread of its own, so a slow or stuck plugin never blocks the
/// manager, the caller or other plugins. Callers get a task that completes when their call has run.
/// </summary>
internal sealed class PluginWorker : IAsyncDisposable
{
    private readonly Channel<Action> queue = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PluginWorker(string pluginId)
    {
        PluginId = pluginId;

        // A dedicated thread rather than the pool: plugin calls are synchronous compiled code that may run up to the
        // call deadline, and must not starve other plugins or the host.
        new Thread(Run) { IsBackground = true, Name = "plugin " + pluginId }.Start();
    }

    public string PluginId { get; }

    /// <summary>Queues a call; the returned task completes with its result or exception.</summary>
    public Task<T> Invoke<T>(Func<T> call)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Work()
        {
            try
            {
                completion.SetResult(call());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        }

        if (!queue.Writer.TryWrite(Work))
        {
            completion.SetException(new ObjectDisposedException($"worker of plugin '{PluginId}'"));
        }

        return completion.Task;
    }

    /// <summary>Queues a call without a result.</summary>
    public Task Invoke(Action call) => Invoke(() =>
    {
        call();
        return true;
    });

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await stopped.Task.ConfigureAwait(false);
    }

    private void Run()
    {
        while (queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (queue.Reader.TryRead(out var work))
            {
                work();
            }
        }

        stopped.SetResult();
    }
}
