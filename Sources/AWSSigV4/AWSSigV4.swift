// The AWSSigV4 target; its code lands with its issue.
