using Microsoft.AspNetCore.Authorization;

namespace UNet3D.Lab.Web.Access;

/// <summary>An HTTP request, judged by its method and path: see <see cref="LabAccessHandler"/>.</summary>
public sealed class LabRequestRequirement : IAuthorizationRequirement;
