using System.Globalization;

namespace KernelAgent.BuildFarm.Demand;

/// <summary>
/// Where demand lives in the store: one folder per UTC day under <c>private/demand/</c>, outside the published
/// <c>v1/</c> layout (reports carry host ids: never served to agents or by the store mirror), so the planner lists
/// only the days its hot-set window covers. Farms before this wrote under <c>v1/demand/</c>; those days are still read.
/// </summary>
internal static class DemandKeys
{
    public const string Prefix = "private/demand/";

    /// <summary>Where farms wrote demand before it left the published layout; read, never written.</summary>
    public const string LegacyPrefix = "v1/demand/";

    public static string Day(DateTimeOffset time) => Prefix + DayName(time) + "/";

    public static string LegacyDay(DateTimeOffset time) => LegacyPrefix + DayName(time) + "/";

    public static string NewKey(DateTimeOffset time) =>
        Day(time) + time.UtcDateTime.ToString("HHmmssfff", CultureInfo.InvariantCulture) + "-"
        + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)) + ".json";

    private static string DayName(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
