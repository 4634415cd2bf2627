namespace KernelAgent.Agent.Logging;

/// <summary>
/// The agent's log event ids, one block of 100 per feature folder. Use them in
/// <c>[LoggerMessage(EventId = AgentEventIds.ModuleLoaded, ...)]</c>.
/// </summary>
/// <remarks>
/// An id names one event kind forever: its journald MESSAGE_ID is derived from the number
/// (<see cref="MessageIds"/>), and SREs filter and alert on that. Never renumber or reuse an id; retire it.
/// Blocks: 1000 Identity, 1100 Resolution, 1200 Verification, 1300 Loading, 1400 Service, 1500 Cli,
/// 1600 Demand, 1900 Logging.
/// </remarks>
internal static class AgentEventIds
{
    /// <summary>Lowest id of the agent's range; smaller ids are left to libraries and the framework.</summary>
    public const int First = 1000;

    /// <summary>Highest id of the agent's range.</summary>
    public const int Last = 1999;

    public const int IdentityRead = 1000;
    public const int IdentityInvalid = 1001;
    public const int HostRootLooksLikeContainer = 1002;
    public const int OsReleaseRepeatsKeys = 1003;

    public const int CacheHit = 1100;
    public const int StoreHit = 1101;
    public const int StoreMiss = 1102;
    public const int StoreUnavailable = 1103;
    public const int BuildRequested = 1110;
    public const int BuildProgress = 1111;
    public const int BuildFinished = 1112;
    public const int BuildBackoff = 1113;
    public const int BuildStreamEnded = 1114;
    public const int AskingFarm = 1115;
    public const int CacheWriteFailed = 1116;
    public const int InstalledHit = 1117;
    public const int InstalledNotTrusted = 1118;

    public const int ArtifactVerified = 1200;
    public const int ArtifactRefused = 1201;
    public const int ArtifactQuarantined = 1202;
    public const int ModuleRefused = 1203;
    public const int RollbackRefused = 1204;
    public const int TrustPolicyAccepted = 1205;
    public const int TrustPolicyRefused = 1206;
    public const int TrustPolicyReplayed = 1207;
    public const int RevokedKeyRefused = 1208;
    public const int TrustPolicyUnreadable = 1209;

    public const int ModuleLoaded = 1300;
    public const int ModuleAlreadyLoaded = 1301;
    public const int ModuleLoadFailed = 1302;
    public const int ModuleInstalled = 1303;
    public const int ModuleUnloaded = 1304;
    public const int ForeignModuleLoaded = 1305;
    public const int ModuleAlreadyInstalled = 1306;
    public const int DepmodWarnings = 1307;
    public const int ModulesLoadListed = 1308;
    public const int ModulesLoadRemoved = 1309;
    public const int NothingToUnload = 1310;
    public const int UnloadFailed = 1311;
    public const int LoadedModuleUnreadable = 1312;
    public const int InstallRecordReplaced = 1313;
    public const int ModuleSetRollingBack = 1320;
    public const int ModuleSetRollbackFailed = 1321;
    public const int ModuleMoved = 1322;
    public const int KernelDependencyLoaded = 1326;

    public const int ServiceStarted = 1400;
    public const int ServiceStopping = 1401;
    public const int PassFinished = 1402;
    public const int ConfigurationInvalid = 1403;
    public const int PassFailed = 1404;
    public const int PrefetchFinished = 1405;
    public const int WatchdogEnabled = 1406;
    public const int PrefetchSkipped = 1407;
    public const int PrefetchFailed = 1408;
    public const int RetryFailed = 1409;
    public const int LeftoverRemoved = 1410;
    public const int StartBudgetSpent = 1420;
    public const int WatchdogWithheld = 1421;
    public const int WatchdogResumed = 1422;

    public const int DemandReported = 1600;
    public const int DemandReportFailed = 1601;
    public const int DemandNoHostId = 1602;
    public const int DemandRecordFailed = 1603;

    public const int LoggingTargetChosen = 1900;
}
