"""What happened when someone joins an employer, as Django signals sent inside the change's transaction.

employers sits below notifications: it may not send the e-mails itself, so ``employers.joining`` announces each
decision, ``employers.invitations`` each invitation, and ``notifications.receivers`` records the e-mail in the same
transaction (a rollback takes it away), to be sent once the change commits.
"""

from django.dispatch import Signal

# access_request: EmployerAccessRequest, employer: Employer
access_request_approved = Signal()
# access_request: EmployerAccessRequest
access_request_refused = Signal()
# invitation: EmployerInvitation, token: str (the link's secret, stored nowhere but in the e-mail), by: User
invitation_sent = Signal()
