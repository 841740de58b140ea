namespace WitSharp.HostRuntime.Plugins.Sandbox;

/// <summary>Token bucket for a plugin's log messages: bursts up to <c>burst</c>, then <c>perSecond</c> sustained.</summary>
internal sealed class LogRateLimiter(int perSecond, int burst, TimeProvider time)
{
    private readonly object gate = new();
    private double tokens = burst;
    private long lastRefill = time.GetTimestamp();

    public bool TryAcquire()
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            tokens = Math.Min(burst, tokens + (time.GetElapsedTime(lastRefill, now).TotalSeconds * perSecond));
            lastRefill = now;
            if (tokens < 1)
            {
                return false;
            }

            tokens--;
            return true;
        }
    }
}
