using Microsoft.AspNetCore.Authorization;

namespace UNet3D.Lab.Web.Access;

/// <summary>Seeing a page: an account, or a share link on the page of the object it shares.</summary>
public sealed class LabPageRequirement : IAuthorizationRequirement;
