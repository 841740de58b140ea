using System.Threading.Channels;

namespace WitSharp.HostRuntime.Plugins.Sandbox;

/// <summary>A subscription to a stream of host notifications; dispose it to stop receiving.</summary>
/// <typeparam name="T">The notification type.</typeparam>
public sealed class Subscription<T> : IDisposable
{
    private readonly Action<Subscription<T>> unsubscribe;
    private readonly Channel<T> channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });

    internal Subscription(Action<Subscription<T>> unsubscribe)
    {
        this.unsubscribe = unsubscribe;
    }

    /// <summary>The notifications published since the subscription was made, in order.</summary>
    public ChannelReader<T> Reader => channel.Reader;

    /// <summary>Stops the subscription and completes <see cref="Reader"/>.</summary>
    public void Dispose()
    {
        unsubscribe(this);
        channel.Writer.TryComplete();
    }

    internal void Write(T item) => channel.Writer.TryWrite(item);
}

/// <summary>Fans notifications out to every current subscriber without ever blocking the publisher.</summary>
internal sealed class Broadcast<T>
{
    private readonly object gate = new();
    private Subscription<T>[] subscribers = [];

    public Subscription<T> Subscribe()
    {
        var subscription = new Subscription<T>(Remove);
        lock (gate)
        {
            subscribers = [.. subscribers, subscription];
        }

        return subscription;
    }

    public void Publish(T item)
    {
        foreach (var subscriber in Volatile.Read(ref subscribers))
        {
            subscriber.Write(item);
        }
    }

    private void Remove(Subscription<T> subscription)
    {
        lock (gate)
        {
            subscribers = subscribers.Where(s => s != subscription).ToArray();
        }
    }
}
