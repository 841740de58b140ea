using WitSharp.Wit.Resolution;

namespace WitSharp.Wit.Tests;

public class SemanticVersionTests
{
    [Theory]
    [InlineData("1.0.0", "1.0.0", 0)]
    [InlineData("1.0.0", "1.0.1", -1)]
    [InlineData("1.10.0", "1.9.0", 1)]
    [InlineData("1.0.0-rc.1", "1.0.0", -1)]
    [InlineData("1.0.0-alpha", "1.0.0-alpha.1", -1)]
    [InlineData("1.0.0-alpha.beta", "1.0.0-beta", -1)]
    [InlineData("1.0.0-2", "1.0.0-10", -1)]
    [InlineData("1.0.0-10", "1.0.0-alpha", -1)]
    [InlineData("1.0.0+build.1", "1.0.0+build.2", 0)]
    [InlineData("99999999999999999999.0.0", "9.0.0", 1)]
    public void Compare_FollowsSemverPrecedence(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(SemanticVersion.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(SemanticVersion.Compare(b, a)));
    }
}
