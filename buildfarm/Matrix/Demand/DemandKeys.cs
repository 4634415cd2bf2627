using System.Globalization;
using KernelAgent.Store.Layout;

namespace KernelAgent.BuildFarm.Matrix.Demand;

/// <summary>
/// Where demand lives in the store: one folder per UTC day, so the planner lists only the days its hot-set
/// window covers. (docs/store-layout.md should list this prefix beside snapshots and audit.)
/// </summary>
internal static class DemandKeys
{
    public const string Prefix = StoreLayout.Root + "/demand/";

    public static string Day(DateTimeOffset time) => Prefix + time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "/";

    public static string NewKey(DateTimeOffset time) =>
        Day(time) + time.UtcDateTime.ToString("HHmmssfff", CultureInfo.InvariantCulture) + "-"
        + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)) + ".json";
}
